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
  /** The work tree's top directory (where `.git` is): where `vstrace dora` reads the commits at query time. */
  workTree?: string;
  /** The `origin` remote's URL (else the first remote's), credentials removed; read only for a deployment. */
  repositoryUrl?: string;
}
