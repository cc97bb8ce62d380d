export { runDoctor } from './run-doctor.js';
export type { DoctorInput } from './check-result.js';
export { renderDoctor } from './render-doctor.js';
export type { DoctorPaint } from './render-doctor.js';
export type { DoctorCheck, DoctorOptions, DoctorReport, DoctorStatus } from './types.js';
