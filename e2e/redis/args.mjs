// Command-line options of the redis/ scripts: `--name value` or `--name=value`; a bare
// `--name` gets `bare` as its value.
export function parseArgs(argv, bare = "") {
  const out = new Map();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) continue;
    const eq = arg.indexOf("=");
    if (eq > 0) out.set(arg.slice(2, eq), arg.slice(eq + 1));
    else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) out.set(arg.slice(2), argv[++i]);
    else out.set(arg.slice(2), bare);
  }
  return out;
}
