import { SECONDS_PER_MONTH } from './planning-calendar.js';

/**
 * Instalment of a loan of `principal` repaid in `n` equal monthly instalments at monthly rate `i`
 * (annuity formula): A = P·i / (1 − (1 + i)^−n), and P / n when i = 0.
 * @throws RangeError on a negative principal or rate, or n < 1
 */
export function annuityPayment(principal: number, monthlyRate: number, n: number): number {
  if (!(principal >= 0)) throw new RangeError(`loan principal must be ≥ 0, got ${principal}`);
  if (!(monthlyRate >= 0)) throw new RangeError(`loan interest rate must be ≥ 0, got ${monthlyRate}`);
  if (!(n >= 1) || !Number.isInteger(n)) throw new RangeError(`number of instalments must be an integer ≥ 1, got ${n}`);
  // 1 − (1 + i)^−n, accurate for tiny i
  const annuityFactor = -Math.expm1(-n * Math.log1p(monthlyRate));
  if (annuityFactor === 0) return principal / n;
  return (principal * monthlyRate) / annuityFactor;
}

/** One instalment: paid `at` s (absolute time), split into interest and principal, USD. */
export interface Instalment {
  readonly at: number;
  readonly payment: number;
  readonly interest: number;
  readonly principal: number;
  /** USD still owed after this instalment */
  readonly balance: number;
}

/**
 * Schedule of a loan taken at time `start` (s) for `principal` USD at `annualRate` (nominal; monthly
 * rate = annualRate / 12), repaid monthly over `term` s: n = round(term / month) instalments (≥ 1),
 * the k-th paid at start + k months. Interest of an instalment = balance before it × monthly rate.
 */
export function loanSchedule(start: number, principal: number, annualRate: number, term: number): Instalment[] {
  if (!(term > 0)) throw new RangeError(`loan term must be a positive number of seconds, got ${term}`);
  const n = Math.max(1, Math.round(term / SECONDS_PER_MONTH));
  const i = annualRate / 12;
  const payment = annuityPayment(principal, i, n);
  const out: Instalment[] = [];
  let balance = principal;
  for (let k = 1; k <= n; k++) {
    const interest = balance * i;
    // the last instalment clears what rounding left
    const repaid = k === n ? balance : payment - interest;
    balance = k === n ? 0 : balance - repaid;
    out.push({ at: start + k * SECONDS_PER_MONTH, payment: repaid + interest, interest, principal: repaid, balance });
  }
  return out;
}

/**
 * USD still owed at time t on a schedule: instalments due by t (within a rounding tolerance) are
 * paid; 0 before the loan starts.
 */
export function balanceAt(schedule: readonly Instalment[], principal: number, start: number, t: number): number {
  if (t < start) return 0;
  let balance = principal;
  for (const inst of schedule) {
    if (inst.at > t + 1e-9 * SECONDS_PER_MONTH) break;
    balance = inst.balance;
  }
  return balance;
}
