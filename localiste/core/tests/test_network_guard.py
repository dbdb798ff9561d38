"""The tests cannot reach the internet: only connections to this machine are let through."""

import socket

import pytest
from pytest_socket import SocketConnectBlockedError


@pytest.mark.filterwarnings("ignore:A test tried to use socket")
def test_a_connection_to_another_machine_fails_the_test():
    # 192.0.2.0/24 is reserved for documentation: no real server would ever answer there.
    with pytest.raises(SocketConnectBlockedError), socket.create_connection(("192.0.2.10", 80), 1):
        pass


def test_connections_to_this_machine_are_allowed():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        with socket.create_connection(server.getsockname(), timeout=1):
            pass
