import Foundation
import CordonDomain
import CordonStore

/// Everything the routes need, built once at the entry point and passed in.
public struct Dependencies: Sendable {
    public let database: Database
    public let registry: Registry
    /// Signs and checks passes; one per process so the signing key is loaded once.
    public let passes: Passes
    /// The address printed in QR codes that phones open (venue codes), e.g. `https://cordon.example.gov.cn`; nil takes
    /// the request's own host.
    public let publicBaseURL: String?
    /// Requests in progress, shed past their limits.
    public let admission: AdmissionGate
    public let passwords: Passwords
    /// A scraper's secret for `/metrics`; nil disables the endpoint.
    public let metricsToken: String?
    /// The process's metrics registry, which `/metrics` writes out.
    public let metrics: CordonMetrics
    /// Whether cookies carry `Secure` (behind TLS in production).
    public let secureCookies: Bool
    public let sessionLifetime: Int64

    public init(database: Database, registry: Registry, passwords: Passwords, metricsToken: String?,
                secureCookies: Bool = false, sessionLifetime: Int64 = 12 * 3600, passIssuer: String = "cordon", publicBaseURL: String? = nil,
                admission: AdmissionLimits = .forCores(ProcessInfo.processInfo.activeProcessorCount)) {
        self.admission = AdmissionGate(limits: admission)
        self.publicBaseURL = publicBaseURL
        self.database = database
        self.registry = registry
        self.passes = Passes(registry: registry, issuer: passIssuer)
        self.passwords = passwords
        self.metricsToken = metricsToken
        self.metrics = CordonMetrics.process
        self.secureCookies = secureCookies
        self.sessionLifetime = sessionLifetime
    }
}
