// Bundle entry of the CLI (out/main/cli.js); main.ts stays importable by tests.
import { main } from './main';

const code = await main(process.argv.slice(2));
if (code !== 0) process.exit(code);
