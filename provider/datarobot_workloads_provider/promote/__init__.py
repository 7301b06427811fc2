"""`datarobot-workloads promote`: move the registered version a source stack runs into a
target stack, behind gates, with a preview, verification and automatic rollback.

The target stack's config names the version it runs (`artifactVersion` or `artifactId`),
so a promotion is a config change and an `up`; this package does everything teams did
around it by hand. One module per step:

- `workspace`: the project's stacks through the Automation API (config, preview, up,
  state, the backend's lock);
- `stack_state`: what a stack runs, read from its exported state (never its outputs);
- `policy`: the target's `promotion:*` config (gates, verification settings), parsed;
- `resolve`: what the source runs (a registered version, running), what the target ran
  (where a rollback returns), and how the target consumes a version;
- `gates`: the checks on the source that must pass before anything changes (`probe`
  reads through invoke URLs and stats for them and for `verify`);
- `verify`: the checks on the target after `up`;
- `rollback`: back to what the target's state ran before, verified and counted;
- `record`: the promotion history kept in the target's config;
- `recover`: what an interrupted promotion left behind, reported and resolved;
- `arguments`: its arguments and help;
- `command`: the order of the steps and what each outcome means; `output`: how it speaks.
"""
