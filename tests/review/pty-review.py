#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Drive 'whichalloc review' through a pseudo-terminal, as a person at a terminal would.

usage: pty-review.py SCENARIO WHICHALLOC ARGS...

The program runs as the leader of a new session whose controlling terminal is the slave side
of a fresh pty, so that Ctrl-C typed on the master reaches it as SIGINT, as on a real
terminal. The script keeps the slave open to read the terminal's settings after the program
is gone. Each scenario prints "ok  WHAT" per check and "FAILED WHAT" with the screen on a
failure; the exit status is 1 when a check failed. tests/review/run checks the database.
"""
import fcntl
import os
import re
import select
import signal
import sys
import termios
import time

TIMEOUT = 30
failures = 0


def check(what, cond, screen=""):
    global failures
    if cond:
        print("ok     " + what)
    else:
        failures += 1
        print("FAILED " + what)
        for line in screen[-3000:].splitlines():
            print("       | " + line)


def job_leader(slave, argv, env):
    """In the forked child: become a session with the pty as its terminal, like a login
    shell, and run argv as a foreground job in its own process group, like a job-control
    shell, so that Ctrl-Z can stop it (a process group whose parent is outside its session
    is orphaned, and the kernel does not stop those). Exits as the job does."""
    os.setsid()
    fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
    job = os.fork()
    if job == 0:
        os.setpgid(0, 0)
        signal.signal(signal.SIGTTOU, signal.SIG_IGN)
        os.tcsetpgrp(slave, os.getpid())
        signal.signal(signal.SIGTTOU, signal.SIG_DFL)
        for fd in (0, 1, 2):
            os.dup2(slave, fd)
        try:
            os.execvpe(argv[0], argv, env)
        finally:
            os._exit(127)
    while True:
        _, status = os.waitpid(job, 0)
        if os.WIFEXITED(status):
            os._exit(os.WEXITSTATUS(status))
        if os.WIFSIGNALED(status):
            os._exit(128 + os.WTERMSIG(status))


class Session:
    def __init__(self, argv):
        self.master, self.slave = os.openpty()
        # A terminal in the usual (cooked, echoing) mode.
        self.initial = termios.tcgetattr(self.slave)
        self.initial[3] |= termios.ICANON | termios.ECHO | termios.ISIG
        termios.tcsetattr(self.slave, termios.TCSANOW, self.initial)
        self.initial = termios.tcgetattr(self.slave)
        env = dict(os.environ, NO_COLOR="1", TERM="xterm", COLUMNS="100")
        self.leader = os.fork()
        if self.leader == 0:
            try:
                job_leader(self.slave, argv, env)
            finally:
                os._exit(126)
        self.status = None
        self.job = self.find_job()
        self.out = ""
        self.seen = 0  # where the next expect() starts looking

    def find_job(self):
        """The job's pid, or None when it has already come and gone: a review with nothing
        to walk can exit, and its leader with it, before /proc shows it as a child."""
        path = "/proc/%d/task/%d/children" % (self.leader, self.leader)
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            try:
                with open(path) as f:
                    kids = f.read().split()
                if kids:
                    return int(kids[0])
            except OSError:
                pass
            if self.poll() is not None:
                return None
            time.sleep(0.02)
        sys.exit("pty-review.py: the job did not start")

    def poll(self):
        if self.status is None:
            pid, status = os.waitpid(self.leader, os.WNOHANG)
            if pid:
                self.status = os.WEXITSTATUS(status)
        return self.status

    def read_some(self, timeout):
        r, _, _ = select.select([self.master], [], [], timeout)
        if not r:
            return False
        try:
            data = os.read(self.master, 65536)
        except OSError:
            return False
        if not data:
            return False
        self.out += data.decode("utf-8", "replace")
        return True

    def expect(self, pattern, what):
        """Wait until pattern (a regex) appears after what was already matched."""
        deadline = time.time() + TIMEOUT
        rx = re.compile(pattern)
        while True:
            m = rx.search(self.out, self.seen)
            if m:
                self.seen = m.end()
                check(what, True)
                return m
            if time.time() > deadline or (not self.read_some(0.2) and
                                          self.poll() is not None and
                                          not self.read_some(0.2)):
                check(what + " (waiting for /%s/)" % pattern, False, self.out[self.seen:])
                return None

    def send(self, keys):
        os.write(self.master, keys.encode())

    def wait(self):
        """The job's exit status, 128 + N when signal N ended it."""
        deadline = time.time() + TIMEOUT
        while self.poll() is None and time.time() < deadline:
            self.read_some(0.1)
        if self.poll() is None and self.job is not None:
            os.kill(self.job, signal.SIGKILL)
            os.waitpid(self.leader, 0)
            self.status = -1
        while self.read_some(0.1):
            pass
        return self.status

    def signal(self, sig):
        os.kill(self.job, sig)

    def stopped(self):
        try:
            with open("/proc/%d/stat" % self.job) as f:
                return f.read().rsplit(") ", 1)[1].split()[0] == "T"
        except OSError:
            return False

    def terminal_restored(self):
        now = termios.tcgetattr(self.slave)
        # lflag (ICANON, ECHO, ISIG...) and the control characters (VMIN, VTIME) as before.
        return now[3] == self.initial[3] and now[6] == self.initial[6]

    def close(self):
        os.close(self.master)
        os.close(self.slave)


PROMPT = r"\((\d+)/(\d+)\) Accept finding (\d+)[^\[]*\[y,n,s,e,k,q,\?\]\? "


def rationale_once(out):
    """A rule's rationale comes with its first finding, then only on '?' (pressed once)."""
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    screens = re.findall(r"^(\S+): (?:replace|keep|review) \[", plain, re.M)
    full = len(re.findall(r"^why: (?!as for)", plain, re.M))
    short = len(re.findall(r"^why: as for the earlier \S+ findings; \? shows it again", plain,
                           re.M))
    check("the rationale is shown once per rule (%d screens, %d rules), then on ?: %d times"
          % (len(screens), len(set(screens)), full),
          len(screens) > len(set(screens)) and full == len(set(screens)) + 1, plain)
    check("later findings of a rule point to ? instead (%d times)" % short,
          short == len(screens) - len(set(screens)), plain)


def walk(argv):
    """Accept, reject with a note, skip, go back, help, an unknown key, quit."""
    s = Session(argv)
    ids = []
    m = s.expect(PROMPT, "the first prompt")
    if not m:
        return s
    total = int(m.group(2))
    ids.append(m.group(3))
    screen = s.out
    check("the screen names the finding, its place and subsystem",
          re.search(r"---- finding %s \(1 of %d\) ----" % (ids[0], total), screen) and
          "where:" in screen and "subsystem:" in screen, screen)
    check("the screen shows the code with the site marked",
          re.search(r"^> +\d+  ", screen, re.M), screen)
    check("the screen shows the proposed diff", "proposed diff:" in screen, screen)
    flat = re.sub(r"\s+", " ", screen)
    check("the screen shows the rule's rationale",
          "why: Driver fixture:" in flat and "A test rule for tests/cli/run only" in flat,
          screen)
    check("the rationale is wrapped to the terminal",
          max(len(line) for line in screen.splitlines() if line.startswith("     ")) <= 80,
          screen)
    s.send("?")
    s.expect(r"y - accept this finding", "? prints the help")
    s.expect(r"why: Driver fixture:", "? shows the rule's rationale again")
    s.expect(PROMPT, "the prompt comes back after the help")
    s.send("Z")
    s.expect(r"'Z' is no key of the review", "an unknown key is named")
    s.send("y")
    s.expect(r"finding %s: accepted" % ids[0], "y accepts")
    m = s.expect(PROMPT, "the second finding")
    ids.append(m.group(3) if m else "?")
    s.send("e")
    s.expect(r"Note \(Enter to keep it, Esc to cancel\): ", "e asks for a note")
    # Typing with a mistake corrected by backspace, and a UTF-8 character.
    s.send("needs a pagx\x7fe, caf\u00e9\r")
    s.expect(r"the note goes with your next decision", "the note is kept")
    m = s.expect(PROMPT, "the prompt says a note is pending")
    check("the prompt mentions the note", m and "(with your note)" in m.group(0), s.out)
    s.send("n")
    s.expect(r"Reject why\? f false positive, i intentional, w not worth it, c cancel: ",
             "n asks why")
    s.send("x")
    s.expect(r"'f', 'i', 'w', or 'c' to cancel", "a wrong reason key is refused")
    s.send("i")
    s.expect(r"finding %s: rejected \(intentional\)" % ids[1], "i rejects as intentional")
    m = s.expect(PROMPT, "the third finding")
    ids.append(m.group(3) if m else "?")
    s.send("s")
    m = s.expect(PROMPT, "s skips to the fourth finding")
    check("the fourth is another finding", m and m.group(1) == "4", s.out)
    s.send("k")
    m = s.expect(PROMPT, "k goes back")
    check("back at the third finding", m and m.group(1) == "3" and m.group(3) == ids[2],
          s.out)
    s.send("b")
    m = s.expect(PROMPT, "b goes back too")
    check("back at the second finding, now rejected",
          m and m.group(3) == ids[1] and "[rejected]" in s.out[-2500:], s.out)
    check("its latest decision is shown with the note",
          "latest decision: rejected (intentional) by Pty Tester" in s.out and
          "note: needs a page, caf\u00e9" in s.out, s.out)
    rationale_once(s.out)
    s.send("q")
    s.expect(r"1 accepted, 1 rejected, 1 notes; \d+ of the %d findings are undecided" % total,
             "q quits with a summary")
    rc = s.wait()
    check("exit status 0", rc == 0, s.out)
    check("the terminal is back in its mode", s.terminal_restored(), s.out)
    print("ids " + " ".join(ids))
    print("total %d" % total)
    return s


def note_alone(argv):
    """A note on a finding left undecided is recorded alone; k on the first finding."""
    s = Session(argv)
    m = s.expect(PROMPT, "the first prompt")
    s.send("k")
    s.expect(r"this is the first finding", "k on the first finding says so")
    s.send("e")
    s.expect(r"Note ", "e asks for a note")
    s.send("to be checked\r")
    s.expect(PROMPT, "the prompt comes back")
    s.send("e")
    s.expect(r"Note ", "e again edits the note")
    s.send("\x15check the caller\r")  # Ctrl-U clears the line first
    s.expect(PROMPT, "the prompt comes back again")
    s.send("s")
    s.expect(r"note recorded for finding %s" % (m.group(3) if m else "?"),
             "leaving the finding records the note alone")
    s.expect(PROMPT, "the next finding")
    s.send("e")
    s.expect(r"Note ", "a note on the next finding")
    s.send("dropped\x1b")
    s.expect(r"\(no note\)", "Esc drops the note")
    s.send("\x04")  # Ctrl-D: end of input
    rc = s.wait()
    check("Ctrl-D ends the review with status 0", rc == 0, s.out)
    check("the terminal is back in its mode", s.terminal_restored(), s.out)
    return s


def interrupt(argv, how):
    """Ctrl-C or a signal while a key is awaited: the terminal is restored."""
    s = Session(argv)
    m = s.expect(PROMPT, "the first prompt")
    s.send("y")
    s.expect(PROMPT, "the second prompt")
    if how == "ctrl-c":
        s.send("\x03")
        want = 128 + signal.SIGINT
    elif how == "sigterm":
        s.signal(signal.SIGTERM)
        want = 128 + signal.SIGTERM
    else:
        # Stopped by Ctrl-Z while raw, continued, then q: raw mode is back after SIGCONT.
        s.send("\x1a")
        deadline = time.time() + TIMEOUT
        while time.time() < deadline and not s.stopped():
            time.sleep(0.05)
        check("Ctrl-Z stops the review", s.stopped(), s.out)
        check("the terminal is restored while it is stopped", s.terminal_restored(), s.out)
        s.signal(signal.SIGCONT)
        deadline = time.time() + TIMEOUT
        while time.time() < deadline and termios.tcgetattr(s.slave)[3] & termios.ICANON:
            time.sleep(0.05)
        check("raw mode is back after it continues",
              not (termios.tcgetattr(s.slave)[3] & termios.ICANON), s.out)
        s.send("q")
        s.expect(r"1 accepted, 0 rejected", "q after Ctrl-Z quits")
        want = 0
    rc = s.wait()
    check("%s ends the review (exit %s)" % (how, rc), rc == want, s.out)
    check("the terminal is back in its mode after %s" % how, s.terminal_restored(), s.out)
    print("accepted " + (m.group(3) if m else "?"))
    return s


def empty(argv):
    """Nothing matches the filters: a message, exit 0, the terminal untouched."""
    s = Session(argv)
    s.expect(r"no findings to review: none matches the filters", "nothing to walk is said")
    rc = s.wait()
    check("exit status 0", rc == 0, s.out)
    check("the terminal is in its mode", s.terminal_restored(), s.out)
    return s


def escapes(argv):
    """Escape sequences in a file name, a reviewer's name and a note reach the terminal
    as \\xNN text, never raw."""
    s = Session(argv)
    s.expect(PROMPT, "the walk shows a finding with escapes in its data")
    s.send("q")
    s.wait()
    raw = [seq for seq in ("\x1b]0;pwned", "\x1b[2J", "\x1b[31m", "\x9b") if seq in s.out]
    check("no escape sequence from the data reaches the terminal raw", not raw, s.out)
    check("they are shown as \\xNN", "\\x1b]0;pwned" in s.out and "\\x1b[31m" in s.out,
          s.out)
    return s


def count(argv):
    """How many findings the walk takes: the first prompt's total, then q."""
    s = Session(argv)
    m = s.expect(PROMPT, "the walk starts")
    s.send("q")
    rc = s.wait()
    check("q ends it (exit %s)" % rc, rc == 0, s.out)
    print("total %s" % (m.group(2) if m else "?"))
    return s


def main():
    scenario, argv = sys.argv[1], sys.argv[2:]
    if scenario == "walk":
        s = walk(argv)
    elif scenario == "note":
        s = note_alone(argv)
    elif scenario == "empty":
        s = empty(argv)
    elif scenario == "escapes":
        s = escapes(argv)
    elif scenario == "count":
        s = count(argv)
    elif scenario in ("ctrl-c", "sigterm", "ctrl-z"):
        s = interrupt(argv, scenario)
    else:
        sys.exit("pty-review.py: unknown scenario " + scenario)
    s.close()
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
