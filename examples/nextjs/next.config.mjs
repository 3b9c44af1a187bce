// milepost/server loads its database driver on first use: let Node resolve it at run time.
export default { serverExternalPackages: ['milepost', '@electric-sql/pglite', 'pg'] }
