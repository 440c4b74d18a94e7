/// Reads one CBOR item from bytes that may come from anyone: every length is checked against what is left, nesting is
/// bounded, and indefinite lengths, floats and simple values a pass never holds are refused rather than guessed at.
public struct CBORDecoder {
    private let bytes: [UInt8]
    private var offset = 0
    private static let maxDepth = 16

    public static func decode(_ bytes: [UInt8]) throws(PassError) -> CBOR {
        var decoder = CBORDecoder(bytes: bytes)
        let item = try decoder.item(depth: 0)
        guard decoder.offset == bytes.count else { throw PassError(.malformed, "trailing bytes after the CBOR item") }
        return item
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private mutating func byte() throws(PassError) -> UInt8 {
        guard offset < bytes.count else { throw PassError(.truncated, "the pass ends in the middle of an item") }
        defer { offset += 1 }
        return bytes[offset]
    }

    private mutating func take(_ count: UInt64) throws(PassError) -> ArraySlice<UInt8> {
        guard count <= UInt64(bytes.count - offset) else { throw PassError(.truncated, "a string runs past the end of the pass") }
        defer { offset += Int(count) }
        return bytes[offset..<offset + Int(count)]
    }

    private mutating func argument(_ info: UInt8) throws(PassError) -> UInt64 {
        switch info {
        case 0..<24: return UInt64(info)
        case 24...27:
            var value: UInt64 = 0
            for _ in 0..<(1 << (info - 24)) { value = value << 8 | UInt64(try byte()) }
            return value
        default: throw PassError(.malformed, "indefinite lengths are not used in passes")
        }
    }

    private mutating func item(depth: Int) throws(PassError) -> CBOR {
        guard depth < Self.maxDepth else { throw PassError(.malformed, "the pass nests too deeply") }
        let initial = try byte()
        let major = initial >> 5, info = initial & 0x1F
        if major == 7 {
            switch info {
            case 20: return .bool(false)
            case 21: return .bool(true)
            case 22: return .null
            default: throw PassError(.malformed, "unexpected simple value or float")
            }
        }
        let value = try argument(info)
        switch major {
        case 0: return .unsigned(value)
        case 1: return .negative(value)
        case 2: return .bytes(Array(try take(value)))
        case 3:
            let slice = try take(value)
            guard let text = String(validating: slice, as: UTF8.self) else { throw PassError(.malformed, "a text string is not UTF-8") }
            return .text(text)
        case 4:
            // Each item takes at least a byte, so a count larger than what is left is a lie told to make us allocate.
            guard value <= UInt64(bytes.count - offset) else { throw PassError(.truncated, "an array runs past the end of the pass") }
            var items: [CBOR] = []
            for _ in 0..<value { items.append(try item(depth: depth + 1)) }
            return .array(items)
        case 5:
            guard value <= UInt64(bytes.count - offset) / 2 else { throw PassError(.truncated, "a map runs past the end of the pass") }
            var pairs: [CBOR.Pair] = []
            for _ in 0..<value {
                let key = try item(depth: depth + 1)
                pairs.append(CBOR.Pair(key, try item(depth: depth + 1)))
            }
            return .map(pairs)
        default: return .tagged(value, try item(depth: depth + 1))
        }
    }
}
