// The journal state keeps a million messages in typed arrays; they grow by copying into a longer one.

/** `a` itself when it is long enough, else a copy of it `length` long (the rest zero). */
export function grow<T extends Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array>(a: T, length: number): T {
  if (length <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(length);
  b.set(a);
  return b;
}
