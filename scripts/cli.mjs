// Runs the headless CLI: the bundle of src-main/cli.ts that cli-bundle.mjs keeps up to date.
import { pathToFileURL } from 'node:url';
import { cliBundle } from './cli-bundle.mjs';

const { main } = await import(pathToFileURL(await cliBundle()).href);
await main(process.argv.slice(2));
