/**
 * Facts about where a run happens, in the shape the core takes them: the
 * adapters in context/ read them (host and user from node:os, git from .git)
 * and pass them in, so building a span reads nothing itself.
 */
export interface HostInfo {
  hostName: string;
  user?: string;
  arch: string;
  osType: string;
}

export interface GitInfo {
  branch?: string;
  revision?: string;
}
