"""Runs commands round-robin and reports each run's wall time and peak RSS.

Usage: python3 measure.py ROUNDS < commands.json  (a JSON list of argv lists)
Prints JSON: [[{"wall_ms": float, "rss_kb": int, "status": int}, ...] per command].
os.wait4 gives the peak RSS of exactly the child we waited for (and the
descendants it waited for), which Node cannot report for a child.
"""
import json, os, sys, time

def run(argv, env):
    start = time.perf_counter_ns()
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        try:
            os.execvpe(argv[0], argv, env)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    wall = (time.perf_counter_ns() - start) / 1e6
    cpu = (usage.ru_utime + usage.ru_stime) * 1000
    return {"wall_ms": wall, "cpu_ms": cpu, "rss_kb": usage.ru_maxrss, "status": os.waitstatus_to_exitcode(status)}

def main():
    rounds = int(sys.argv[1])
    commands = json.load(sys.stdin)
    env = dict(os.environ)
    results = [[] for _ in commands]
    for _ in range(rounds):
        for i, argv in enumerate(commands):
            results[i].append(run(argv, env))
    json.dump(results, sys.stdout)

main()
