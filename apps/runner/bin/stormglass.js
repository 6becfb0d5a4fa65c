#!/usr/bin/env node
// The installed entry point: runs the compiled CLI from dist/.
// A closed pipe (`stormglass schema | head`) ends the output quietly, as other tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error?.code === 'EPIPE') process.exit(0);
    throw error;
  });
}
let cli;
try {
  cli = await import('../dist/cli.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  process.stderr.write('stormglass: the CLI is not built yet. From the repository root run `npm run build` (or `npm start`).\n');
  process.exit(3);
}
process.exitCode = await cli.main(process.argv.slice(2));
