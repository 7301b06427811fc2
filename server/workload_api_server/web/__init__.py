"""HTTP plumbing: the app, its middleware and routes, authentication, bodies, errors,
and the limits on what a connection may cost."""
