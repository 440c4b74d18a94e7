@testable import CordonServer
import Testing

@Suite struct QRCodeTests {
    // MARK: Capacity and version choice

    @Test func byteCapacitiesMatchTheStandardTable() {
        #expect(QRCode.byteCapacity(version: 1, correction: .medium) == 14)
        #expect(QRCode.byteCapacity(version: 1, correction: .low) == 17)
        #expect(QRCode.byteCapacity(version: 2, correction: .medium) == 26)
        #expect(QRCode.byteCapacity(version: 10, correction: .medium) == 213)
        #expect(QRCode.byteCapacity(version: 15, correction: .quartile) == 292)
        #expect(QRCode.byteCapacity(version: 40, correction: .low) == 2953)
        #expect(QRCode.byteCapacity(version: 40, correction: .medium) == 2331)
        #expect(QRCode.byteCapacity(version: 40, correction: .quartile) == 1663)
        #expect(QRCode.byteCapacity(version: 40, correction: .high) == 1273)
    }

    @Test func picksTheSmallestVersionThatFits() throws {
        let cases: [(length: Int, correction: QRCode.Correction, version: Int)] = [
            (1, .medium, 1), (14, .medium, 1), (15, .medium, 2), (26, .medium, 2), (27, .medium, 3),
            (213, .medium, 10), (214, .medium, 11), (292, .quartile, 15), (293, .quartile, 16),
            (2331, .medium, 40),
        ]
        for c in cases {
            let code = try QRCode(bytes: Array(repeating: 0x41, count: c.length), correction: c.correction)
            #expect(code.version == c.version, "\(c.length) bytes at \(c.correction)")
            #expect(code.size == 17 + 4 * c.version)
        }
    }

    @Test func honoursMinimumVersion() throws {
        let code = try QRCode(text: "hi", correction: .low, minimumVersion: 7)
        #expect(code.version == 7)
        #expect(code.size == 45)
    }

    @Test func tooLongInputThrows() {
        var threw = false
        do throws(QRCodeError) {
            _ = try QRCode(bytes: Array(repeating: 0x41, count: 2332), correction: .medium)
        } catch {
            threw = true
            #expect(error.code == .tooLong)
            #expect(!error.message.isEmpty)
        }
        #expect(threw)
    }

    @Test func invalidMinimumVersionThrows() {
        for bad in [0, 41] {
            var threw = false
            do throws(QRCodeError) {
                _ = try QRCode(text: "x", minimumVersion: bad)
            } catch {
                threw = true
                #expect(error.code == .invalidVersion)
            }
            #expect(threw)
        }
    }

    @Test func textIsEncodedAsUTF8Bytes() throws {
        let text = "防控通行证 pass-42"
        let fromText = try QRCode(text: text, correction: .quartile)
        let fromBytes = try QRCode(bytes: Array(text.utf8), correction: .quartile)
        #expect(fromText.svg() == fromBytes.svg())
    }

    // MARK: Reed-Solomon

    @Test func reedSolomonMatchesKnownVector() {
        // "HELLO WORLD" at 1-M, alphanumeric mode: the worked example widely used for QR encoders.
        let data: [UInt8] = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17]
        #expect(ReedSolomonEncoder(degree: 10).remainder(of: data) == [196, 35, 39, 119, 235, 215, 231, 226, 93, 23])
    }

    @Test func padsWithTheAlternatingPadCodewords() {
        let data = QRCode.dataCodewords(for: Array("hello".utf8), version: 1, correction: .medium)
        #expect(data == [0x40, 0x56, 0x86, 0x56, 0xC6, 0xC6, 0xF0, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC])
    }

    // MARK: Function patterns

    @Test(arguments: [1, 2, 6, 7, 14, 40])
    func finderPatternsAreInPlace(version: Int) throws {
        let code = try QRCode(text: "finder", minimumVersion: version)
        for (originX, originY) in [(0, 0), (code.size - 7, 0), (0, code.size - 7)] {
            for dy in -1...7 {
                for dx in -1...7 {
                    let x = originX + dx, y = originY + dy
                    guard (0..<code.size).contains(x), (0..<code.size).contains(y) else { continue }
                    let ring = max(abs(dx - 3), abs(dy - 3))
                    // Rings from the centre: 3×3 dark core, light ring, dark ring, light separator.
                    #expect(code.isDark(x: x, y: y) == (ring != 2 && ring != 4), "finder at (\(x),\(y)) v\(version)")
                }
            }
        }
    }

    @Test(arguments: [1, 7, 25, 40])
    func timingPatternsAlternate(version: Int) throws {
        let code = try QRCode(text: "timing", minimumVersion: version)
        for i in 8..<(code.size - 8) {
            #expect(code.isDark(x: i, y: 6) == (i % 2 == 0))
            #expect(code.isDark(x: 6, y: i) == (i % 2 == 0))
        }
        #expect(code.isDark(x: 8, y: code.size - 8), "the always-dark module")
    }

    @Test func alignmentPatternsSitOnTheTable() throws {
        for version in 2...40 {
            let centres = QRTables.alignmentPositions[version]
            #expect(centres.first == 6)
            #expect(centres.last == 17 + 4 * version - 7)
        }
        let code = try QRCode(text: "align", minimumVersion: 2)
        #expect(code.isDark(x: 18, y: 18))
        #expect(!code.isDark(x: 17, y: 18) && !code.isDark(x: 19, y: 19))
        #expect(code.isDark(x: 16, y: 16) && code.isDark(x: 20, y: 18))
    }

    // MARK: Format and version information

    @Test func formatInformationMatchesTheStandard() {
        // The mask-0 rows of the standard's format information table.
        #expect(QRCode.formatInformation(correction: .low, mask: 0) == 0b111011111000100)
        #expect(QRCode.formatInformation(correction: .medium, mask: 0) == 0b101010000010010)
        #expect(QRCode.formatInformation(correction: .quartile, mask: 0) == 0b011010101011111)
        #expect(QRCode.formatInformation(correction: .high, mask: 0) == 0b001011010001001)
    }

    @Test func formatBitsAreReadableAndConsistent() throws {
        let levelBits: [QRCode.Correction: Int] = [.low: 0b01, .medium: 0b00, .quartile: 0b11, .high: 0b10]
        for correction in QRCode.Correction.allCases {
            for length in [5, 60, 400] {
                let code = try QRCode(bytes: Array(repeating: UInt8(length % 256), count: length), correction: correction)
                let (first, second) = readFormatBits(code)
                #expect(first == second)
                #expect(first == QRCode.formatInformation(correction: correction, mask: code.mask))
                let unmasked = first ^ 0x5412
                #expect(unmasked >> 13 == levelBits[correction])
                #expect((unmasked >> 10) & 0b111 == code.mask)
                #expect((0..<8).contains(code.mask))
            }
        }
    }

    @Test func versionInformationFromVersion7() throws {
        #expect(QRCode.versionInformation(7) == 0x07C94)
        #expect(QRCode.versionInformation(40) == 0x28C69)
        for version in [7, 21, 40] {
            let code = try QRCode(text: "version", minimumVersion: version)
            var upperRight = 0, lowerLeft = 0
            for i in 0..<18 {
                let a = code.size - 11 + i % 3, b = i / 3
                if code.isDark(x: a, y: b) { upperRight |= 1 << i }
                if code.isDark(x: b, y: a) { lowerLeft |= 1 << i }
            }
            #expect(upperRight == QRCode.versionInformation(version))
            #expect(lowerLeft == upperRight)
        }
    }

    // MARK: SVG

    @Test func svgHasViewBoxWithQuietZoneAndOnePath() throws {
        let code = try QRCode(text: "https://example.org/p/1")
        let svg = code.svg()
        let extent = code.size + 8
        #expect(svg.hasPrefix("<svg "))
        #expect(svg.contains(#"viewBox="0 0 \#(extent) \#(extent)""#))
        #expect(svg.contains(#"shape-rendering="crispEdges""#))
        #expect(svg.contains(#"role="img""#))
        #expect(svg.contains(##"fill="#fff""##))
        #expect(svg.contains(##"fill="#000""##))
        #expect(svg.contains(#"<path d="M4,4h7v1h-7z"#), "top row of the top-left finder, offset by the quiet zone")
        #expect(svg.split(separator: "<path").count == 2)
        #expect(code.svg(quietZone: 0).contains(#"viewBox="0 0 \#(code.size) \#(code.size)""#))
    }

    @Test func svgRunsReproduceTheModules() throws {
        let code = try QRCode(text: String(repeating: "run-length ", count: 20), correction: .quartile)
        let margin = 2
        let svg = code.svg(quietZone: margin)
        var painted = Set<Int>()
        let d = try #require(svg.split(separator: "d=\"").last?.split(separator: "\"").first)
        for run in d.split(separator: "M") {
            let head = run.split(separator: "h")
            let xy = head[0].split(separator: ",")
            let x = try #require(Int(xy[0])) - margin, y = try #require(Int(xy[1])) - margin
            let length = try #require(Int(head[1].split(separator: "v")[0]))
            for i in 0..<length { painted.insert(y * code.size + x + i) }
        }
        for y in 0..<code.size {
            for x in 0..<code.size {
                #expect(painted.contains(y * code.size + x) == code.isDark(x: x, y: y))
            }
        }
    }

    @Test func svgEscapesTheAriaLabel() throws {
        let svg = try QRCode(text: "x").svg(ariaLabel: "Pass <A&B> \"7\"")
        #expect(svg.contains(#"aria-label="Pass &lt;A&amp;B&gt; &quot;7&quot;""#))
        let plain = try QRCode(text: "x").svg()
        #expect(!plain.contains("aria-label"))
    }

    // MARK: Helpers

    /// The two copies of the 15 format bits, bit 0 least significant.
    private func readFormatBits(_ code: QRCode) -> (Int, Int) {
        var first = 0, second = 0
        let firstPositions: [(Int, Int)] = (0...5).map { (8, $0) } + [(8, 7), (8, 8), (7, 8)] + (9..<15).map { (14 - $0, 8) }
        let secondPositions: [(Int, Int)] = (0..<8).map { (code.size - 1 - $0, 8) } + (8..<15).map { (8, code.size - 15 + $0) }
        for (i, (x, y)) in firstPositions.enumerated() where code.isDark(x: x, y: y) { first |= 1 << i }
        for (i, (x, y)) in secondPositions.enumerated() where code.isDark(x: x, y: y) { second |= 1 << i }
        return (first, second)
    }
}
