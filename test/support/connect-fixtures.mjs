// Test-server routes for the connect browser tests (Koa middleware run by web-test-runner).
export async function connectFixtures(context, next) {
  return next();
}
