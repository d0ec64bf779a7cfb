namespace Marketplace.Audit;

/// <summary>The append-only audit log: entries are added, never changed or removed, and read newest first per tenant.</summary>
public interface IAuditLog
{
    Task RecordAsync(AuditEntry entry, CancellationToken ct);

    Task<AuditPage> QueryAsync(string tenantId, AuditQuery query, CancellationToken ct);
}
