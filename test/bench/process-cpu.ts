import fs from "node:fs";

/** CPU milliseconds (user + system) used so far by a process and everything it started (Linux). */
export function treeCpuMs(rootPid: number): number {
  const ticksPerMs = 100 / 1000; // USER_HZ is 100 on Linux
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    // The command name is in brackets and may hold spaces: the fields after it are what we read.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // state ppid ... utime(14) stime(15) cutime(16) cstime(17), numbered from pid = 1
    const [utime, stime, cutime, cstime] = [fields[11], fields[12], fields[13], fields[14]].map(Number);
    stats.set(Number(entry), { ppid: Number(fields[1]), ticks: utime + stime + cutime + cstime });
  }
  const inTree = (pid: number): boolean => {
    for (let current = pid, hops = 0; current > 1 && hops < 64; hops++) {
      if (current === rootPid) return true;
      const parent = stats.get(current)?.ppid;
      if (parent === undefined) return false;
      current = parent;
    }
    return false;
  };
  let ticks = 0;
  for (const [pid, { ticks: t }] of stats) if (inTree(pid)) ticks += t;
  return ticks / ticksPerMs;
}
