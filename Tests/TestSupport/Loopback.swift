import Foundation

/// Loopback helpers for tests that start real servers.
public enum Loopback {
    /// Waits until something accepts connections on 127.0.0.1:`port`; false when `isAlive` says
    /// the server died or `attempts` × 50 ms pass.
    public static func waitUntilListening(_ port: Int, attempts: Int = 200, isAlive: () -> Bool) -> Bool {
        for _ in 0..<attempts {
            if !isAlive() { return false }
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = in_port_t(UInt16(port).bigEndian)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            let ok = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
            close(fd)
            if ok { return true }
            usleep(50_000)
        }
        return false
    }
}
