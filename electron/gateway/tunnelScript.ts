/**
 * The gateway's door inside a sandbox (python3 is part of the image). In the agent phase a
 * sandbox has no network, so a CLI cannot reach the engine's gateway by address. This
 * script, started by the engine as root through one `docker exec`, listens on the
 * sandbox's loopback and carries every connection made to it over its stdin and stdout
 * to the engine, which serves it (gatewayTunnel.ts). Root's, so no agent process can
 * signal it or write into its channel.
 *
 * Frames both ways: kind (1 byte), connection id (uint32 BE), length (uint32 BE), payload.
 * To the engine: h = listening (id 0), c = connection opened, d = bytes, f = the client
 * sent all it will. From the engine: d = bytes, f = close the connection. When stdin closes the script exits.
 */
export const GATEWAY_TUNNEL_SCRIPT = String.raw`
import os, selectors, socket, struct, sys

HEADER = struct.Struct('>cII')
CHUNK = 65536
MAX_CONNECTIONS = 256
selector = selectors.DefaultSelector()
connections = {}
half_closed = set()
next_id = 1
incoming = b''


def send(kind, ident, payload=b''):
    view = memoryview(HEADER.pack(kind, ident, len(payload)) + payload)
    while view:
        view = view[os.write(1, view):]


def close(ident, tell):
    sock = connections.pop(ident, None)
    if sock is None:
        return
    if ident not in half_closed:
        selector.unregister(sock)
    half_closed.discard(ident)
    sock.close()
    if tell:
        send(b'f', ident)


def end_of_request(ident, sock):
    # The client is done sending; the answer may still be on its way, so writing stays open.
    selector.unregister(sock)
    half_closed.add(ident)
    send(b'f', ident)


listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(('127.0.0.1', int(sys.argv[1])))
listener.listen(64)
listener.setblocking(False)
selector.register(listener, selectors.EVENT_READ, 'listener')
selector.register(0, selectors.EVENT_READ, 'engine')
send(b'h', 0)

while True:
    for key, _ in selector.select():
        if key.data == 'listener':
            sock, _ = listener.accept()
            if len(connections) >= MAX_CONNECTIONS:
                sock.close()
                continue
            ident = next_id
            next_id += 1
            connections[ident] = sock
            selector.register(sock, selectors.EVENT_READ, ident)
            send(b'c', ident)
        elif key.data == 'engine':
            chunk = os.read(0, CHUNK)
            if not chunk:
                sys.exit(0)
            incoming += chunk
            while len(incoming) >= HEADER.size:
                kind, ident, length = HEADER.unpack_from(incoming)
                if len(incoming) < HEADER.size + length:
                    break
                payload = incoming[HEADER.size:HEADER.size + length]
                incoming = incoming[HEADER.size + length:]
                sock = connections.get(ident)
                if sock is None:
                    continue
                if kind == b'd':
                    try:
                        sock.setblocking(True)
                        sock.sendall(payload)
                        sock.setblocking(False)
                    except OSError:
                        close(ident, True)
                elif kind == b'f':
                    close(ident, False)
        else:
            ident = key.data
            try:
                data = key.fileobj.recv(CHUNK)
            except OSError:
                data = b''
            if data:
                send(b'd', ident, data)
            else:
                end_of_request(ident, key.fileobj)
`;
