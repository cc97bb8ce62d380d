import { describe, expect, it } from 'vitest';
import { apiUrl } from './api.js';

describe('apiUrl', () => {
  it('URL-encodes every value and leaves out empty ones', () => {
    expect(
      apiUrl('/api/events', {
        project: '/home/dev/my project & co',
        session: '',
        agent: null,
        type: undefined,
        beforeId: 120,
      }),
    ).toBe('/api/events?project=%2Fhome%2Fdev%2Fmy+project+%26+co&beforeId=120');
    expect(apiUrl('/api/projects')).toBe('/api/projects');
  });
});
