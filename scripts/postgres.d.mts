export const POSTGRES_INSTALL_HINT: string;
export function findPostgresBinaries(): { initdb: string; pgCtl: string } | undefined;
export function ensurePostgresBinaries(options?: { log?: (line: string) => void }): { initdb: string; pgCtl: string };
export interface ThrowawayPostgres {
  /** `postgres://postgres@127.0.0.1:PORT/postgres` */
  url: string;
  port: number;
  dir: string;
  /** Stops the server at once and deletes its folder (synchronous; safe to call twice). */
  stop(): void;
}
export function startPostgres(options?: { log?: (line: string) => void; durable?: boolean }): Promise<ThrowawayPostgres>;
