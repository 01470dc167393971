// The Express server (run by tsx) and the Remix bundle are two module graphs in one
// process; keeping shared clients on globalThis gives both the same instance.
export function singleton<T>(name: string, create: () => T): T {
  const store = globalThis as unknown as { __touchstone?: Record<string, unknown> };
  store.__touchstone ??= {};
  if (!(name in store.__touchstone)) store.__touchstone[name] = create();
  return store.__touchstone[name] as T;
}
