import { describe, expect, it } from 'vitest';
import {
  bedrockProfile,
  bedrockRegion,
  cloudBaseUrl,
  vertexProject,
  vertexRegion,
} from './cloud-settings.js';

const bedrock = { region: '', profile: '', baseUrl: '', models: {} };
const vertex = { region: '', projectId: '', baseUrl: '', models: {} };

describe('cloud settings', () => {
  it("takes config first, then the cloud's variables in order, naming the source", () => {
    expect(bedrockRegion(bedrock, {})).toEqual({ value: 'us-east-1', source: 'default' });
    expect(bedrockRegion(bedrock, { AWS_DEFAULT_REGION: 'eu-west-1' })).toEqual({
      value: 'eu-west-1',
      source: 'AWS_DEFAULT_REGION',
    });
    expect(
      bedrockRegion({ ...bedrock, region: 'ap-south-1' }, { AWS_REGION: 'us-west-2' }),
    ).toEqual({ value: 'ap-south-1', source: 'provider.bedrock.region' });
    expect(bedrockProfile(bedrock, { AWS_PROFILE: ' team ' })).toEqual({
      value: 'team',
      source: 'AWS_PROFILE',
    });
    expect(bedrockProfile(bedrock, { AWS_PROFILE: '' })).toBeUndefined();
    expect(vertexRegion(vertex, {})).toBeUndefined();
    expect(vertexRegion(vertex, { CLOUD_ML_REGION: 'global' })?.value).toBe('global');
    expect(vertexProject(vertex, { GOOGLE_CLOUD_PROJECT: 'g' })).toEqual({
      value: 'g',
      source: 'GOOGLE_CLOUD_PROJECT',
    });
    expect(
      vertexProject(vertex, { ANTHROPIC_VERTEX_PROJECT_ID: 'a', GOOGLE_CLOUD_PROJECT: 'g' })?.value,
    ).toBe('a');
  });

  it("reads each SDK's own base URL variable", () => {
    expect(cloudBaseUrl('bedrock', '', { ANTHROPIC_BEDROCK_BASE_URL: 'http://b' })).toEqual({
      value: 'http://b',
      source: 'ANTHROPIC_BEDROCK_BASE_URL',
    });
    expect(cloudBaseUrl('vertex', '', { ANTHROPIC_BEDROCK_BASE_URL: 'http://b' })).toBeUndefined();
    expect(cloudBaseUrl('vertex', 'http://c', { ANTHROPIC_VERTEX_BASE_URL: 'http://v' })).toEqual({
      value: 'http://c',
      source: 'provider.vertex.baseUrl',
    });
  });
});
