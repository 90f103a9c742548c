// Whether a process is still there, for the apps that watch another (the dojo its npm, the chat a lock holder).
export function isAlive (pid: number): boolean {
  try {
    process.kill(pid, 0) // signal 0: nothing is sent, only checked
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' // there, but not ours to signal
  }
}
