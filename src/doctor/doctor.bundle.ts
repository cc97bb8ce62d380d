/**
 * dist/doctor.cjs: `claude-hybrid doctor` and `hybrid.doctor()`. A bundle of its own, so the
 * command loads only its checks next to app.cjs (not the commands bundle), and no other command
 * pays for them.
 */
export { renderDoctor, runDoctor } from './index.js';
