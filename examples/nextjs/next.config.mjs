// milepost/server loads its database driver on first use: let Node resolve the drivers at run time.
// Not `milepost` itself: milepost/react must share the app's React (docs/server.md).
export default { serverExternalPackages: ['@electric-sql/pglite', 'pg'] }
