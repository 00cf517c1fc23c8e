import { os } from '../system/deferred.ts';
import type { HostInfo } from '../trace/facts.ts';

/** The semantic-convention `os.type` values for the platforms Node reports. */
const OS_TYPE: Record<string, string> = { win32: 'windows', sunos: 'solaris' };

export function readHostInfo(env: Record<string, string | undefined>): HostInfo {
  const system = os();
  let user: string | undefined;
  try {
    user = system.userInfo().username;
  } catch {
    // no passwd entry (containers with arbitrary uids): fall back to the environment
    user = env.USER ?? env.LOGNAME;
  }
  const name = system.platform();
  return { hostName: system.hostname(), user, arch: system.arch(), osType: OS_TYPE[name] ?? name };
}
