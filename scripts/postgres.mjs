// A throwaway PostgreSQL server for the tests: initdb into a temporary folder, a free port on
// loopback, its socket in that folder; stopped (`-m immediate`) and deleted at the end, on Ctrl-C too.
// The server binaries come from PG_BIN, Debian's /usr/lib/postgresql/<version>/bin or PATH; when they
// are missing, Debian's `postgresql` is installed (as root, with apt), else the error says what to install.
// As root, PostgreSQL refuses to run: initdb and pg_ctl then run as the `postgres` user.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { canInstallDebianPackages, findExecutable, freePort, installDebianPackages, onProcessEnd } from './system-tools.mjs';

/** What to tell someone whose machine lacks the server. */
export const POSTGRES_INSTALL_HINT =
  'PostgreSQL server programs (initdb, pg_ctl) not found. Install them: `sudo apt-get install postgresql` on Debian/Ubuntu ' +
  '(the system service need not run), `brew install postgresql` on macOS; or set PG_BIN to the folder holding initdb and pg_ctl. ' +
  'The tests then start a throwaway server of their own (or set FINSIFY_TEST_POSTGRES_URL to a server you run).';

/** The folders that may hold initdb and pg_ctl, best first. */
function candidateFolders() {
  const folders = [];
  if (process.env.PG_BIN) folders.push(process.env.PG_BIN);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a));
    for (const version of versions) folders.push(join(debian, version, 'bin'));
  }
  for (const folder of (process.env.PATH ?? '').split(delimiter)) if (folder) folders.push(folder);
  return folders;
}

/** `{ initdb, pgCtl }` from the first folder holding both, or `undefined`. */
export function findPostgresBinaries() {
  for (const folder of candidateFolders()) {
    const initdb = findExecutable([join(folder, 'initdb')]);
    const pgCtl = findExecutable([join(folder, 'pg_ctl')]);
    if (initdb && pgCtl) return { initdb, pgCtl };
  }
  return undefined;
}

/** The binaries, installing Debian's `postgresql` first when they are missing and this machine allows it; else throws the hint. */
export function ensurePostgresBinaries({ log = console.log } = {}) {
  let found = findPostgresBinaries();
  if (!found && canInstallDebianPackages()) {
    installDebianPackages(['postgresql'], { log });
    found = findPostgresBinaries();
  }
  if (!found) throw new Error(POSTGRES_INSTALL_HINT);
  return found;
}

const quote = (arg) => `'${String(arg).replaceAll("'", "'\\''")}'`;

/** Runs a server program, as `postgres` when we are root. Throws with its output when it fails. */
function runAsServerUser(file, args) {
  const root = process.getuid?.() === 0;
  const [command, commandArgs] = root ? ['su', ['postgres', '-s', '/bin/sh', '-c', [file, ...args].map(quote).join(' ')]] : [file, args];
  try {
    return execFileSync(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim();
    throw new Error(`${file.split('/').pop()} ${args[0] ?? ''} failed: ${output || error.message}`);
  }
}

function serverUserIds() {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error('Running as root, the PostgreSQL server must run as the `postgres` user, and there is none: install Debian\'s `postgresql` (it creates it), or run the tests as another user.');
  }
}

/**
 * Starts a throwaway server. Resolves to `{ url, port, dir, stop }`: `url` connects as the superuser
 * `postgres` (trust authentication, loopback only) to the `postgres` database; `stop()` (synchronous,
 * safe to call twice) stops it at once and deletes its folder. It is also stopped when this process
 * exits, or is interrupted (SIGINT, SIGTERM, SIGHUP). Tests skip flushing to disk; `durable: true` keeps
 * PostgreSQL's defaults (fsync, synchronous commit), as a benchmark of durable writes needs.
 */
export async function startPostgres({ log = console.log, durable = false } = {}) {
  const { initdb, pgCtl } = ensurePostgresBinaries({ log });
  const dir = mkdtempSync(join(tmpdir(), 'finsify-pg-'));
  const data = join(dir, 'data');
  let running = false;
  const stop = onProcessEnd(() => {
    if (running) {
      try {
        runAsServerUser(pgCtl, ['stop', '-D', data, '-m', 'immediate', '-w', '-t', '20']);
      } catch {
        // Stopped already (Ctrl-C reaches the server too): only the folder is left.
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  try {
    if (process.getuid?.() === 0) {
      const { uid, gid } = serverUserIds();
      chownSync(dir, uid, gid);
    }
    runAsServerUser(initdb, ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
    // A port taken between freePort() and the start is tried again with another.
    for (let attempt = 1; ; attempt += 1) {
      const port = await freePort();
      const settings = [
        `-p ${port}`,
        `-k ${dir}`,
        '-c listen_addresses=127.0.0.1',
        // Throwaway data: no waiting for the disk, unless measuring what a real server does (a benchmark).
        ...(durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
        '-c max_connections=200',
      ].join(' ');
      try {
        runAsServerUser(pgCtl, ['start', '-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', settings]);
        running = true;
        return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, dir, stop };
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  } catch (error) {
    stop();
    throw error;
  }
}
