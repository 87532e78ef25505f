/**
 * Walking every call boundary of an execution: a fault at its k-th service call from now, once.
 * (A call that failed is not counted by the emulator: the next one has the same position.)
 */
import type { Env } from '../../emulator/core/env';

export function faultAtCall(env: Env, k: number): void {
  const target = env.calls.sequence + k;
  let fired = false;
  env.beforeCall = (_name, seq) => {
    if (seq === target && !fired) {
      fired = true;
      throw new Error(`Service error (fault at call ${k})`);
    }
  };
}
