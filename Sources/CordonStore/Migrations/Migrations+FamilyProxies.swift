extension Migrations {
    /// A citizen's own codes are found through the people they act for (`family_proxies.proxy_id`). Without an index
    /// on it the planner walked every resident for each code request.
    static let familyProxyIndex = Migration(version: 6, name: "family_proxy_index") { _ in
        ["CREATE INDEX family_proxies_proxy ON family_proxies(proxy_id)"]
    }
}
