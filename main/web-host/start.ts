/**
 * `npm start`: the desktop console when the Electron binary is installed; otherwise the same console served to a
 * browser by the web host with the embedded COSS, saying so plainly.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { main as runWebHost } from './cli.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The Electron binary's path, when the electron package downloaded it. */
function electronBinary(): string | null {
  const pathFile = `${ROOT}node_modules/electron/path.txt`;
  if (!existsSync(pathFile)) return null;
  const binary = `${ROOT}node_modules/electron/dist/${readFileSync(pathFile, 'utf8').trim()}`;
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();
// Both ways show the built renderer; Electron also runs bundles of main and preload, not TypeScript.
execFileSync('npm', ['run', '--silent', 'build:renderer'], { cwd: ROOT, stdio: 'inherit' });
if (binary) {
  execFileSync('npm', ['run', '--silent', 'build:electron'], { cwd: ROOT, stdio: 'inherit' });
  const child = spawn(binary, ['.', ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  process.stdout.write(
    'Electron is not installed here (no Electron binary in node_modules/electron), so the same console is served in the browser instead.\n',
  );
  process.exitCode = await runWebHost(process.argv.slice(2));
}
