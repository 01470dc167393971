// Exact fixed-point arithmetic on integers held in JavaScript numbers. Every value is an
// integer count of 10^-dp votes and every product stays below 2^53 (checked once per count),
// so nothing is ever rounded by floating point; divisions round down, as the rules say.

export function scaleFor(decimals: number): number {
  return 10 ** decimals;
}

/** floor(numerator / denominator) for non-negative safe integers, exactly. */
export function divFloor(numerator: number, denominator: number): number {
  let q = Math.floor(numerator / denominator);
  // Correct the rare case where the float quotient rounded across an integer.
  if (q * denominator > numerator) q -= 1;
  else if ((q + 1) * denominator <= numerator) q += 1;
  return q;
}

export function assertSafe(largest: number, what: string) {
  if (!Number.isSafeInteger(largest)) throw new RangeError(`${what} is too large to count exactly (${largest})`);
}

export function format(value: number, decimals: number): string {
  const negative = value < 0;
  const digits = Math.abs(value)
    .toString()
    .padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = decimals ? `.${digits.slice(-decimals)}` : "";
  return `${negative ? "-" : ""}${whole}${fraction}`;
}
