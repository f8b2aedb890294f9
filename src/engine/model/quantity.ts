/** Resource quantities ("1Gi", "500Mi", "2") as apimachinery's resource.Quantity parses them, in bytes. */

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};
const QUANTITY = /^([+-]?[0-9.]+)(e[+-]?[0-9]+|E[+-]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;

/** Parses a quantity into a number of base units; undefined when the text is not a quantity. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = QUANTITY.exec(value.trim());
  if (!match) return undefined;
  const base = Number(match[1]);
  if (!Number.isFinite(base)) return undefined;
  const suffix = match[2] ?? '';
  if (suffix.startsWith('e') || (suffix.startsWith('E') && suffix.length > 1))
    return base * 10 ** Number(suffix.slice(1));
  const factor = BINARY[suffix] ?? DECIMAL[suffix];
  return factor === undefined ? undefined : base * factor;
}

// Canonical form ----------------------------------------------------------------------------------

const BINARY_EXP: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL_EXP: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const DECIMAL_SUFFIX: Record<number, string> = {
  [-9]: 'n',
  [-6]: 'u',
  [-3]: 'm',
  0: '',
  3: 'k',
  6: 'M',
  9: 'G',
  12: 'T',
  15: 'P',
  18: 'E',
};
const BINARY_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/** `removeInt64Factors`: divides out `base` as often as it goes; returns what is left and how often. */
function removeFactors(value: bigint, base: bigint): [bigint, number] {
  let v = value;
  let times = 0;
  while (v !== 0n && v % base === 0n) {
    v /= base;
    times++;
  }
  return [v, times];
}

/**
 * The text the API server stores for a quantity (`Quantity.String()` after decoding, i.e.
 * `CanonicalizeBytes`): the number keeps its format — binary (`Ki`…`Ei`), decimal SI (`n`…`E`) or
 * decimal exponent (`e3`) — and is written with the largest suffix that keeps the mantissa an
 * integer: `0.5` → `500m`, `1000m` → `1`, `2048Mi` → `2Gi`, `1536Mi` stays, `1e3` stays `1e3`,
 * `0.5Gi` → `512Mi`, and a binary amount below 1024 or with a fraction falls back to decimal SI.
 * Returns undefined when the input is not a quantity (validation reports it then).
 */
export function canonicalQuantity(input: unknown): string | undefined {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return undefined;
    text = String(input);
  } else if (typeof input === 'string') text = input.trim();
  else return undefined;
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/.exec(
    text
  );
  if (!m || ((m[2] ?? '') === '' && (m[3] ?? '') === '')) return undefined;
  const negative = m[1] === '-';
  const frac = m[3] ?? '';
  const suffix = m[4] ?? '';
  // The amount as mantissa × 10^scale (exact), plus a binary multiplier for Ki…Ei.
  let mantissa = BigInt(`${m[2] || '0'}${frac}`);
  let scale = -frac.length;
  let format: 'BinarySI' | 'DecimalSI' | 'DecimalExponent' = 'DecimalSI';
  if (suffix in BINARY_EXP) {
    format = 'BinarySI';
    mantissa *= 1024n ** BigInt(BINARY_EXP[suffix] ?? 0);
  } else if (suffix in DECIMAL_EXP) scale += DECIMAL_EXP[suffix] ?? 0;
  else if (suffix) {
    format = 'DecimalExponent';
    scale += Number(suffix.slice(1));
  }
  // Round up (away from zero) to nano precision.
  if (scale < -9) {
    const div = 10n ** BigInt(-9 - scale);
    mantissa = mantissa / div + (mantissa % div === 0n ? 0n : 1n);
    scale = -9;
  }
  if (mantissa === 0n) return '0';
  const sign = negative ? '-' : '';
  if (format === 'BinarySI') {
    // An integral amount of at least 1024 stays binary; otherwise it is shown in decimal SI.
    const integral = scale >= 0 || mantissa % 10n ** BigInt(-scale) === 0n;
    const whole = scale >= 0 ? mantissa * 10n ** BigInt(scale) : mantissa / 10n ** BigInt(-scale);
    if (integral && whole >= 1024n) {
      const [amount, times] = removeFactors(whole, 1024n);
      const exp = Math.min(times, 6);
      const value = amount * 1024n ** BigInt(times - exp);
      return `${sign}${value}${BINARY_SUFFIX[exp] ?? ''}`;
    }
    format = 'DecimalSI';
  }
  // AsCanonicalBytes: strip factors of ten, then lower the exponent to a multiple of three.
  const [stripped, times] = removeFactors(mantissa, 10n);
  let amount = stripped;
  let exponent = scale + times;
  const rem = ((exponent % 3) + 3) % 3;
  if (rem !== 0) {
    amount *= 10n ** BigInt(rem);
    exponent -= rem;
  }
  if (format === 'DecimalExponent') return `${sign}${amount}${exponent === 0 ? '' : `e${exponent}`}`;
  if (exponent > 18) {
    amount *= 10n ** BigInt(exponent - 18);
    exponent = 18;
  }
  return `${sign}${amount}${DECIMAL_SUFFIX[exponent] ?? ''}`;
}
