import Crypto
import Synchronization

/// The signatures this server made lately, by a digest of what each one signed. A pass that comes back to the server
/// that issued it (a door checking a citizen's phone, in a city with one server or a few) is proved authentic by
/// finding the very bytes it signed, a hash and a lookup; checking an ECDSA signature instead costs more than the
/// whole of the rest of the request. Anything not found here, a pass from another server or from before a restart,
/// is checked by its signature as before, so the table changes what verification costs, never what it accepts.
final class IssuedSignatures: Sendable {
    private struct Entry {
        let signature: [UInt8]
        let expiresAt: Int64
    }

    private let entries = Mutex<[[UInt8]: Entry]>([:])
    /// About 150 bytes each: a city's active phones fit in tens of megabytes.
    private let capacity: Int

    init(capacity: Int = 500_000) { self.capacity = capacity }

    func record(signed: [UInt8], signature: [UInt8], expiresAt: Int64, now: Int64) {
        let key = [UInt8](SHA256.hash(data: signed))
        entries.withLock { table in
            if table.count >= capacity {
                table = table.filter { $0.value.expiresAt > now }
                if table.count >= capacity { table.removeAll(keepingCapacity: true) }
            }
            table[key] = Entry(signature: signature, expiresAt: expiresAt)
        }
    }

    /// True when this server signed exactly `signed` and produced exactly `signature` for it.
    func contains(signed: [UInt8], signature: [UInt8]) -> Bool {
        let key = [UInt8](SHA256.hash(data: signed))
        return entries.withLock { $0[key]?.signature == signature }
    }
}
