/// A QR code (ISO/IEC 18004, Model 2) holding a byte-mode payload.
///
/// The symbol is fully built at initialisation: the smallest version that fits is chosen, the
/// data is split into Reed-Solomon blocks and interleaved, and the mask with the lowest
/// standard penalty score (N1–N4) is applied.
public struct QRCode: Sendable {
    public enum Correction: Sendable, CaseIterable {
        case low, medium, quartile, high

        /// Row in `QRTables`, which follow the standard's L, M, Q, H order.
        var tableIndex: Int {
            switch self {
            case .low: 0
            case .medium: 1
            case .quartile: 2
            case .high: 3
            }
        }

        /// The two level bits in format information; the standard does not encode them in L-M-Q-H order.
        var formatBits: Int {
            switch self {
            case .low: 0b01
            case .medium: 0b00
            case .quartile: 0b11
            case .high: 0b10
            }
        }
    }

    public let version: Int
    /// Modules per side, excluding the quiet zone.
    public let size: Int
    public let correction: Correction
    /// The data mask pattern (0...7) that scored best.
    public let mask: Int
    private let modules: [Bool]

    public init(bytes: [UInt8], correction: Correction = .medium, minimumVersion: Int = 1) throws(QRCodeError) {
        guard (1...40).contains(minimumVersion) else {
            throw QRCodeError(.invalidVersion, "QR minimum version \(minimumVersion) is outside 1...40")
        }
        guard let version = (minimumVersion...40).first(where: {
            Self.byteCapacity(version: $0, correction: correction) >= bytes.count
        }) else {
            let limit = Self.byteCapacity(version: 40, correction: correction)
            throw QRCodeError(.tooLong, "\(bytes.count) bytes exceed the QR capacity of \(limit) bytes at \(correction) correction")
        }

        let data = Self.dataCodewords(for: bytes, version: version, correction: correction)
        var matrix = Matrix(version: version)
        matrix.place(Self.interleavedWithErrorCorrection(data, version: version, correction: correction))

        var best = (mask: 0, penalty: Int.max)
        for mask in 0..<8 {
            matrix.applyMask(mask)
            matrix.drawFormatBits(Self.formatInformation(correction: correction, mask: mask))
            let penalty = matrix.penalty()
            if penalty < best.penalty { best = (mask, penalty) }
            matrix.applyMask(mask) // XOR undoes itself
        }
        matrix.applyMask(best.mask)
        matrix.drawFormatBits(Self.formatInformation(correction: correction, mask: best.mask))

        self.version = version
        self.size = matrix.size
        self.correction = correction
        self.mask = best.mask
        self.modules = matrix.dark
    }

    /// Encodes the text's UTF-8 bytes. No ECI header is written; readers treat such byte-mode
    /// payloads as UTF-8 in practice.
    public init(text: String, correction: Correction = .medium, minimumVersion: Int = 1) throws(QRCodeError) {
        try self.init(bytes: Array(text.utf8), correction: correction, minimumVersion: minimumVersion)
    }

    /// Whether the module at column `x`, row `y` is dark. Coordinates outside the symbol are the
    /// (light) quiet zone.
    public func isDark(x: Int, y: Int) -> Bool {
        guard (0..<size).contains(x), (0..<size).contains(y) else { return false }
        return modules[y * size + x]
    }

    /// The most bytes a byte-mode segment can carry in `version` at `correction`.
    public static func byteCapacity(version: Int, correction: Correction) -> Int {
        let dataBits = QRTables.dataCodewords(version: version, level: correction.tableIndex) * 8
        return (dataBits - 4 - QRTables.byteCountBits(version: version)) / 8
    }

    /// The 15-bit format information (level, mask, BCH check) after XOR with the fixed mask.
    static func formatInformation(correction: Correction, mask: Int) -> Int {
        let data = correction.formatBits << 3 | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * QRTables.formatGenerator) }
        return (data << 10 | remainder) ^ QRTables.formatMask
    }

    /// The 18-bit version information (version number plus BCH check), used from version 7.
    static func versionInformation(_ version: Int) -> Int {
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * QRTables.versionGenerator) }
        return version << 12 | remainder
    }

    // MARK: - Data encoding

    /// Byte-mode segment, terminator and padding, filling the version's data capacity exactly.
    static func dataCodewords(for bytes: [UInt8], version: Int, correction: Correction) -> [UInt8] {
        let capacity = QRTables.dataCodewords(version: version, level: correction.tableIndex)
        var writer = BitWriter()
        writer.append(0b0100, bits: 4)
        writer.append(bytes.count, bits: QRTables.byteCountBits(version: version))
        for byte in bytes { writer.append(Int(byte), bits: 8) }
        writer.append(0, bits: min(4, capacity * 8 - writer.count))
        var codewords = writer.bytes // the partial last byte is already zero-padded
        var pad: UInt8 = 0xEC
        while codewords.count < capacity {
            codewords.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return codewords
    }

    /// Splits data into blocks, appends each block's EC codewords, and interleaves them column-wise
    /// so a localised stain damages many blocks a little rather than one block badly.
    static func interleavedWithErrorCorrection(_ data: [UInt8], version: Int, correction: Correction) -> [UInt8] {
        let level = correction.tableIndex
        let blocks = QRTables.blockCount[level][version]
        let ecLength = QRTables.ecCodewordsPerBlock[level][version]
        let total = QRTables.totalCodewords[version]
        let shortBlocks = blocks - total % blocks
        let shortDataLength = total / blocks - ecLength
        let encoder = ReedSolomonEncoder(degree: ecLength)

        var dataBlocks: [[UInt8]] = []
        var ecBlocks: [[UInt8]] = []
        var offset = 0
        for index in 0..<blocks {
            let length = shortDataLength + (index < shortBlocks ? 0 : 1)
            let block = Array(data[offset..<offset + length])
            offset += length
            dataBlocks.append(block)
            ecBlocks.append(encoder.remainder(of: block))
        }

        var result: [UInt8] = []
        result.reserveCapacity(total)
        for i in 0...shortDataLength {
            for block in dataBlocks where i < block.count { result.append(block[i]) }
        }
        for i in 0..<ecLength {
            for block in ecBlocks { result.append(block[i]) }
        }
        return result
    }
}

// MARK: - SVG

extension QRCode {
    /// A compact SVG in module units: a white background and every dark module as horizontal
    /// runs in a single path, so it scales crisply to any size.
    public func svg(quietZone: Int = 4, ariaLabel: String? = nil) -> String {
        let margin = max(0, quietZone)
        let extent = size + 2 * margin
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else { x += 1; continue }
                let start = x
                while x < size, isDark(x: x, y: y) { x += 1 }
                let run = x - start
                path += "M\(start + margin),\(y + margin)h\(run)v1h-\(run)z"
            }
        }
        var svg = #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \#(extent) \#(extent)" shape-rendering="crispEdges" role="img""#
        if let ariaLabel { svg += #" aria-label="\#(Self.xmlEscaped(ariaLabel))""# }
        svg += ##"><rect width="\##(extent)" height="\##(extent)" fill="#fff"/><path d="\##(path)" fill="#000"/></svg>"##
        return svg
    }

    /// Escapes markup characters and drops control characters XML 1.0 cannot carry at all.
    static func xmlEscaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value >= 0x20, scalar.value != 0xFFFE, scalar.value != 0xFFFF {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}

// MARK: - Building blocks

/// Accumulates bits most-significant first into bytes.
private struct BitWriter {
    private(set) var bytes: [UInt8] = []
    private(set) var count = 0

    mutating func append(_ value: Int, bits: Int) {
        for shift in stride(from: bits - 1, through: 0, by: -1) {
            if count % 8 == 0 { bytes.append(0) }
            if (value >> shift) & 1 == 1 { bytes[bytes.count - 1] |= UInt8(0x80 >> (count % 8)) }
            count += 1
        }
    }
}

/// The module grid under construction. `reserved` marks function patterns, which data placement
/// skips and masking leaves alone.
private struct Matrix {
    let version: Int
    let size: Int
    var dark: [Bool]
    var reserved: [Bool]

    init(version: Int) {
        self.version = version
        size = 17 + 4 * version
        dark = Array(repeating: false, count: size * size)
        reserved = Array(repeating: false, count: size * size)
        drawFunctionPatterns()
    }

    private mutating func setFunction(_ x: Int, _ y: Int, _ isDark: Bool) {
        dark[y * size + x] = isDark
        reserved[y * size + x] = true
    }

    private mutating func drawFunctionPatterns() {
        for i in 0..<size {
            setFunction(6, i, i % 2 == 0)
            setFunction(i, 6, i % 2 == 0)
        }
        drawFinder(centerX: 3, centerY: 3)
        drawFinder(centerX: size - 4, centerY: 3)
        drawFinder(centerX: 3, centerY: size - 4)

        let centers = QRTables.alignmentPositions[version]
        let last = centers.count - 1
        for (row, cy) in centers.enumerated() {
            for (column, cx) in centers.enumerated() {
                let overlapsFinder = (row == 0 && column == 0) || (row == 0 && column == last) || (row == last && column == 0)
                if !overlapsFinder { drawAlignment(centerX: cx, centerY: cy) }
            }
        }

        // Reserve the format areas before data placement; the real bits depend on the mask.
        drawFormatBits(0)
        drawVersionBits()
    }

    /// Finder plus its light separator, clipped at the symbol edge.
    private mutating func drawFinder(centerX: Int, centerY: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let x = centerX + dx, y = centerY + dy
                guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                let ring = max(abs(dx), abs(dy))
                setFunction(x, y, ring != 2 && ring != 4)
            }
        }
    }

    private mutating func drawAlignment(centerX: Int, centerY: Int) {
        for dy in -2...2 {
            for dx in -2...2 {
                setFunction(centerX + dx, centerY + dy, max(abs(dx), abs(dy)) != 1)
            }
        }
    }

    /// Two copies of the format information, bit 0 being the least significant, plus the
    /// always-dark module beside the lower-left copy.
    mutating func drawFormatBits(_ bits: Int) {
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
        for i in 0...5 { setFunction(8, i, bit(i)) }
        setFunction(8, 7, bit(6))
        setFunction(8, 8, bit(7))
        setFunction(7, 8, bit(8))
        for i in 9..<15 { setFunction(14 - i, 8, bit(i)) }

        for i in 0..<8 { setFunction(size - 1 - i, 8, bit(i)) }
        for i in 8..<15 { setFunction(8, size - 15 + i, bit(i)) }
        setFunction(8, size - 8, true)
    }

    /// Two 6×3 copies of version information, next to the upper-right and lower-left finders.
    private mutating func drawVersionBits() {
        guard version >= 7 else { return }
        let bits = QRCode.versionInformation(version)
        for i in 0..<18 {
            let isDark = (bits >> i) & 1 == 1
            let a = size - 11 + i % 3, b = i / 3
            setFunction(a, b, isDark)
            setFunction(b, a, isDark)
        }
    }

    /// Zig-zags two columns at a time from the bottom-right, skipping the vertical timing column.
    /// Modules left over after the last codeword are remainder bits and stay light (before masking).
    mutating func place(_ codewords: [UInt8]) {
        let totalBits = codewords.count * 8
        var bitIndex = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            let upward = (right + 1) & 2 == 0
            for step in 0..<size {
                let y = upward ? size - 1 - step : step
                for x in [right, right - 1] where !reserved[y * size + x] && bitIndex < totalBits {
                    dark[y * size + x] = (codewords[bitIndex >> 3] >> (7 - (bitIndex & 7))) & 1 == 1
                    bitIndex += 1
                }
            }
            right -= 2
        }
        precondition(bitIndex == totalBits, "QR codeword count does not match the symbol's data modules")
    }

    mutating func applyMask(_ mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !reserved[y * size + x] {
                let flip = switch mask {
                case 0: (x + y) % 2 == 0
                case 1: y % 2 == 0
                case 2: x % 3 == 0
                case 3: (x + y) % 3 == 0
                case 4: (x / 3 + y / 2) % 2 == 0
                case 5: x * y % 2 + x * y % 3 == 0
                case 6: (x * y % 2 + x * y % 3) % 2 == 0
                default: ((x + y) % 2 + x * y % 3) % 2 == 0
                }
                if flip { dark[y * size + x].toggle() }
            }
        }
    }

    /// The standard's mask evaluation score; lower reads more reliably.
    func penalty() -> Int {
        var total = 0
        for i in 0..<size {
            total += Self.linePenalty(Array(dark[i * size..<(i + 1) * size]))
            total += Self.linePenalty((0..<size).map { dark[$0 * size + i] })
        }
        // N2: each 2×2 block of one colour.
        for y in 0..<size - 1 {
            for x in 0..<size - 1 {
                let colour = dark[y * size + x]
                if dark[y * size + x + 1] == colour, dark[(y + 1) * size + x] == colour, dark[(y + 1) * size + x + 1] == colour {
                    total += 3
                }
            }
        }
        // N4: 10 points per full 5% that the dark proportion strays from 50%.
        let darkCount = dark.reduce(0) { $0 + ($1 ? 1 : 0) }
        total += 10 * (abs(darkCount * 20 - dark.count * 10) / dark.count)
        return total
    }

    /// N1 (runs of five or more) and N3 (finder-like 1:1:3:1:1 with four light modules on a side;
    /// beyond the edge counts as light, as the quiet zone is).
    private static func linePenalty(_ line: [Bool]) -> Int {
        var penalty = 0
        var runColour = line[0], runLength = 1
        for module in line.dropFirst() {
            if module == runColour {
                runLength += 1
            } else {
                if runLength >= 5 { penalty += runLength - 2 }
                runColour = module
                runLength = 1
            }
        }
        if runLength >= 5 { penalty += runLength - 2 }

        let finder = [true, false, true, true, true, false, true]
        for start in 0...(line.count - finder.count) where (0..<7).allSatisfy({ line[start + $0] == finder[$0] }) {
            let lightBefore = (start - 4..<start).allSatisfy { $0 < 0 || !line[$0] }
            let lightAfter = (start + 7..<start + 11).allSatisfy { $0 >= line.count || !line[$0] }
            if lightBefore || lightAfter { penalty += 40 }
        }
        return penalty
    }
}
