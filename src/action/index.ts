import { run } from './main.js'

// No top-level await: dist/ is CommonJS (scripts/build.mjs). run() reports its own failures.
void run()
