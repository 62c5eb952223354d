/**
 * The command runner that lives inside a sandbox (python3 is part of the image). One
 * `docker exec` starts it; afterwards each command is a plain fork inside the container,
 * which saves the ~50 ms of runtime set-up a `docker exec` costs per command.
 *
 * The runner itself runs as root and each command as the agent user (uid and gid from argv),
 * so no agent process can signal the runner, trace it, or open its /proc/PID/fd/1 and write
 * into the channel that carries every command's output and exit code.
 *
 * Protocol. Requests arrive on stdin as JSON lines:
 *   {"op": "run", "id": N, "argv": [...], "cwd": "...", "env": {...}, "marker": "..."}
 *   {"op": "kill", "id": N}
 * Replies go to stdout as binary frames: kind (1 byte), id (uint32 BE), length (uint32 BE),
 * payload. Kinds: h = ready (id 0), o = stdout bytes, e = stderr bytes,
 * x = finished (payload JSON {"code": exit code, or 128 + signal}).
 *
 * Each command runs in its own session, like a docker exec, with the marker variable in its
 * environment; a kill signals the session's group and every process still carrying the
 * marker, so children that called setsid go too. When stdin closes (the engine went away)
 * every command is killed and the runner exits.
 */
export const COMMAND_RUNNER_SCRIPT = String.raw`
import json, os, selectors, signal, struct, subprocess, sys, time

HEADER = struct.Struct('>cII')
KILL_GRACE_SECONDS = 3.0
MARKER_VARIABLE = sys.argv[1]
AGENT_UID = int(sys.argv[2])
AGENT_GID = int(sys.argv[3])
selector = selectors.DefaultSelector()
commands = {}


def send(kind, ident, payload=b''):
    view = memoryview(HEADER.pack(kind, ident, len(payload)) + payload)
    while view:
        view = view[os.write(1, view):]


def sweep(marker):
    # Root here holds no CAP_SYS_PTRACE, so it cannot read the agent's /proc/PID/environ. A child
    # that first lets go of every descriptor of the runner (nothing of the channel to reach
    # through its /proc) becomes the agent to look, and kills what it finds.
    child = os.fork()
    if child == 0:
        try:
            os.closerange(0, 65536)
            os.setgroups([])
            os.setgid(AGENT_GID)
            os.setuid(AGENT_UID)
            sweep_as_agent(marker)
        finally:
            os._exit(0)
    os.waitpid(child, 0)


def sweep_as_agent(marker):
    needle = (MARKER_VARIABLE + '=' + marker).encode()
    for name in os.listdir('/proc'):
        if not name.isdigit():
            continue
        try:
            with open('/proc/' + name + '/environ', 'rb') as handle:
                found = needle in handle.read().split(b'\0')
        except OSError:
            continue
        if not found:
            continue
        pid = int(name)
        try:
            group = os.getpgid(pid)
            if group > 1:
                os.killpg(group, signal.SIGKILL)
        except OSError:
            pass
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


class Command:
    def __init__(self, ident, process, marker):
        self.ident = ident
        self.process = process
        self.marker = marker
        self.open_streams = 2
        self.code = None
        self.killed_at = None
        self.pidfd = None

    def try_finish(self, force=False):
        if self.code is None:
            status = self.process.poll()
            if status is not None:
                self.code = 128 - status if status < 0 else status
        if not force and (self.code is None or self.open_streams > 0):
            return
        for stream in (self.process.stdout, self.process.stderr):
            if not stream.closed:
                selector.unregister(stream)
                stream.close()
        self.stop_watching_exit()
        del commands[self.ident]
        send(b'x', self.ident, json.dumps({'code': 137 if self.code is None else self.code}).encode())

    def stop_watching_exit(self):
        if self.pidfd is not None:
            selector.unregister(self.pidfd)
            os.close(self.pidfd)
            self.pidfd = None

    def needs_polling(self):
        return self.killed_at is not None or (self.pidfd is None and self.code is None)

    def kill(self):
        if self.killed_at is None:
            self.killed_at = time.monotonic()
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except OSError:
            pass
        sweep(self.marker)


def refuse(ident, message, code):
    send(b'e', ident, ('codebay: ' + message + '\n').encode())
    send(b'x', ident, json.dumps({'code': code}).encode())


def run(request):
    ident = request['id']
    argv = request['argv']
    cwd = request['cwd']
    if not os.path.isdir(cwd):
        return refuse(ident, 'cannot run ' + argv[0] + ': the working directory ' + cwd + ' does not exist', 126)
    environment = dict(os.environ)
    environment.update(request['env'])
    environment[MARKER_VARIABLE] = request['marker']
    try:
        process = subprocess.Popen(argv, cwd=cwd, env=environment, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, start_new_session=True, close_fds=True,
                                   user=AGENT_UID, group=AGENT_GID, extra_groups=[])
    except FileNotFoundError:
        return refuse(ident, argv[0] + ': command not found', 127)
    except OSError as error:
        return refuse(ident, 'cannot run ' + argv[0] + ': ' + str(error.strerror or error), 126)
    except ValueError as error:
        return refuse(ident, 'cannot run ' + argv[0] + ': ' + str(error), 126)
    command = Command(ident, process, request['marker'])
    commands[ident] = command
    selector.register(process.stdout, selectors.EVENT_READ, (b'o', command))
    selector.register(process.stderr, selectors.EVENT_READ, (b'e', command))
    try:
        command.pidfd = os.pidfd_open(process.pid)
        selector.register(command.pidfd, selectors.EVENT_READ, (b'p', command))
    except OSError:
        command.pidfd = None


def handle(line):
    request = json.loads(line)
    if request['op'] == 'run':
        run(request)
    elif request['op'] == 'kill' and request['id'] in commands:
        commands[request['id']].kill()


def main():
    os.set_blocking(0, False)
    selector.register(0, selectors.EVENT_READ, (b'i', None))
    pending = b''
    send(b'h', 0)
    while True:
        polling = any(c.needs_polling() for c in commands.values())
        for key, _ in selector.select(0.05 if polling else None):
            kind, command = key.data
            if kind == b'i':
                chunk = os.read(0, 65536)
                if not chunk:
                    for each in list(commands.values()):
                        each.kill()
                    return
                lines = (pending + chunk).split(b'\n')
                pending = lines.pop()
                for line in lines:
                    if line:
                        handle(line)
            elif command.ident not in commands:
                continue
            elif kind == b'p':
                # A pidfd stays readable once its process has exited.
                command.stop_watching_exit()
                command.try_finish()
            else:
                data = os.read(key.fd, 65536)
                if data:
                    send(kind, command.ident, data)
                else:
                    selector.unregister(key.fileobj)
                    key.fileobj.close()
                    command.open_streams -= 1
                    command.try_finish()
        now = time.monotonic()
        for command in list(commands.values()):
            if command.needs_polling():
                command.try_finish()
            if command.ident in commands and command.killed_at is not None and now - command.killed_at > KILL_GRACE_SECONDS:
                command.try_finish(force=True)


main()
`;
