import fs from "node:fs";
import { childrenOf, postmasterPid } from "../test/helpers/server.ts";

/** One field of /proc/<pid>/<file> in kB (VmRSS from status, Pss from smaps_rollup). */
function procKb(pid: number, file: string, field: string): number {
  try {
    const text = fs.readFileSync(`/proc/${pid}/${file}`, "utf8");
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

export interface Memory {
  /** Resident set sizes, summed: shared memory is counted once per process. */
  rssMb: number;
  /** Proportional set sizes, summed: shared pages divided among their users. */
  pssMb: number;
  processes: number;
}

/** Memory of a set of processes, from /proc. */
export function memoryOf(pids: number[]): Memory {
  const toMb = (kb: number) => Math.round(kb / 102.4) / 10;
  return {
    rssMb: toMb(pids.reduce((sum, pid) => sum + procKb(pid, "status", "VmRSS"), 0)),
    pssMb: toMb(pids.reduce((sum, pid) => sum + procKb(pid, "smaps_rollup", "Pss"), 0)),
    processes: pids.length,
  };
}

/** The embedded PostgreSQL of a data folder: its postmaster and every child. */
export function postgresPids(dataDir: string): number[] {
  const postmaster = postmasterPid(dataDir);
  return postmaster ? [postmaster, ...childrenOf(postmaster)] : [];
}

/** CPU seconds (user + system) a set of processes has used so far, from /proc/<pid>/stat. */
export function cpuSecondsOf(pids: number[]): number {
  const ticksPerSecond = 100; // USER_HZ on Linux
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      // Fields after the command name (which may hold spaces): utime is the 12th, stime the 13th.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // A process that has exited has no stat left: its time is lost, not counted.
    }
  }
  return ticks / ticksPerSecond;
}
