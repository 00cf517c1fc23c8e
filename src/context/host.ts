import { arch, hostname, platform, userInfo } from 'node:os';

import type { HostInfo } from '../trace/facts.ts';

/** The semantic-convention `os.type` values for the platforms Node reports. */
const OS_TYPE: Record<string, string> = { win32: 'windows', sunos: 'solaris' };

export function readHostInfo(env: Record<string, string | undefined>): HostInfo {
  let user: string | undefined;
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (containers with arbitrary uids): fall back to the environment
    user = env.USER ?? env.LOGNAME;
  }
  const os = platform();
  return { hostName: hostname(), user, arch: arch(), osType: OS_TYPE[os] ?? os };
}
