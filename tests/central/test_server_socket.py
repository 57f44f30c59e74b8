"""The platform's answers are not held back by Nagle's algorithm."""

from __future__ import annotations

import asyncio
import socket

from central.server import listening_socket


def test_accepted_connections_have_tcp_nodelay():
    # asyncio sets TCP_NODELAY on a connection only if the listening socket says TCP as
    # its protocol; without it each answer's body waited ~40 ms for a delayed ACK.
    async def accepted_nodelay() -> int:
        listener = listening_socket(socket.AF_INET, "127.0.0.1", 0)
        seen: asyncio.Future = asyncio.get_running_loop().create_future()

        class Probe(asyncio.Protocol):
            def connection_made(self, transport):
                sock = transport.get_extra_info("socket")
                seen.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                transport.close()

        server = await asyncio.get_running_loop().create_server(Probe, sock=listener)
        try:
            _, writer = await asyncio.open_connection(*listener.getsockname())
            try:
                return await asyncio.wait_for(seen, 10)
            finally:
                writer.close()
        finally:
            server.close()
            await server.wait_closed()

    assert asyncio.run(accepted_nodelay()) != 0
