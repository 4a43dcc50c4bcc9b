// A local object named like the store's: not the store's state.
export function reset() {
  const session = {};
  session.user = null;
  return session;
}
