// Test-server routes for the catalog browser tests (Koa middleware run by web-test-runner).
export async function catalogFixtures(context, next) {
  return next();
}
