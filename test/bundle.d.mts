/** An IIFE of `input` (a file), or of `source` (module text whose imports resolve from `root`). */
export declare const bundleForBrowser: (o: { input?: string; source?: string; root?: string }) => Promise<string>
