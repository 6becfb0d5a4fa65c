#!/usr/bin/env node
// The installed entry point: runs the compiled CLI from dist/.
let cli;
try {
  cli = await import('../dist/cli.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  process.stderr.write('stormglass: the CLI is not built yet. From the repository root run `npm run build` (or `npm start`).\n');
  process.exit(3);
}
process.exitCode = await cli.main(process.argv.slice(2));
