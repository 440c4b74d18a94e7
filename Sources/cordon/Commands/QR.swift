import ArgumentParser
import CordonServer

/// Prints text as a QR code in SVG: a printed venue notice, a pass for a test, the CI's decoder check.
struct QR: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a QR code (byte mode) of the given text as SVG.")
    @Argument(help: "The text to encode.") var text: String
    @Option(help: "Error correction: L, M, Q or H.") var correction = "M"

    func run() throws {
        let levels: [String: QRCode.Correction] = ["L": .low, "M": .medium, "Q": .quartile, "H": .high]
        guard let level = levels[correction.uppercased()] else { throw ValidationError("correction must be L, M, Q or H") }
        do {
            print(try QRCode(text: text, correction: level).svg(), terminator: "")
        } catch {
            throw ValidationError(error.message)
        }
    }
}
