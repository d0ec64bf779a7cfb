using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Marketplace.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Marketplace.Hosting;

/// <summary>
/// Serves the published browser console at <c>/</c>: its static files (brotli-compressed when the browser takes it)
/// and <c>index.html</c> for any other page path, so deep links work. The API's prefixes are never answered with the
/// console: an unknown API path stays a 404. Without a published console the host serves the API alone.
/// </summary>
public static class ConsoleHosting
{
    /// <summary>Where the console is published by <c>./run.sh</c> and the tests, relative to the repository.</summary>
    public const string DefaultRoot = "artifacts/console/wwwroot";

    static readonly string[] ApiPrefixes = ["/api", "/a2a", "/mcp", "/.well-known"];

    /// <summary>
    /// No inline script; Blazor needs wasm-unsafe-eval for WebAssembly and sets style attributes. With an OpenID issuer,
    /// the console reads its metadata and redeems codes there (connect-src) and renews silently in a hidden frame of the
    /// issuer that comes back to the console's own callback page (frame-src both, frame-ancestors 'self').
    /// </summary>
    public static string ContentSecurityPolicy(string? issuer)
    {
        var origin = issuer is { Length: > 0 } && Uri.TryCreate(issuer, UriKind.Absolute, out var uri) ? " " + uri.GetLeftPart(UriPartial.Authority) : "";
        return "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
            $"font-src 'self' data:; connect-src 'self'{origin}; frame-src {(origin.Length > 0 ? "'self'" + origin : "'none'")}; object-src 'none'; base-uri 'self'; form-action 'self'; " +
            (origin.Length > 0 ? "frame-ancestors 'self'" : "frame-ancestors 'none'");
    }

    /// <summary><c>Console:Root</c> if set, else the repository's publish folder found from the content root; null if absent.</summary>
    public static string? FindRoot(IConfiguration configuration, string contentRoot)
    {
        if (configuration["Console:Root"] is { Length: > 0 } configured)
            return File.Exists(Path.Combine(configured, "index.html")) ? Path.GetFullPath(configured) : null;
        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, DefaultRoot);
            if (File.Exists(Path.Combine(candidate, "index.html"))) return candidate;
        }
        return null;
    }

    /// <summary>
    /// Origins allowed to call the API from a browser (<c>Console:AllowedOrigins</c>), e.g. the console under
    /// <c>dotnet watch</c>; empty by default: the console served by this host is same-origin and needs none.
    /// </summary>
    public static IServiceCollection AddConsoleCors(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = configuration.GetSection("Console:AllowedOrigins").Get<string[]>() ?? [];
        if (origins.Length > 0)
            services.AddCors(cors => cors.AddDefaultPolicy(policy => policy.WithOrigins(origins).AllowAnyMethod()
                .WithHeaders("X-API-Key", "Authorization", "Content-Type", "If-Match", "A2A-Version", "Idempotency-Key").WithExposedHeaders("ETag")));
        return services;
    }

    public static void UseConsoleCors(this WebApplication app)
    {
        if (app.Configuration.GetSection("Console:AllowedOrigins").Get<string[]>() is { Length: > 0 }) app.UseCors();
    }

    public static bool IsApiPath(PathString path) => ApiPrefixes.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    public static void MapConsole(this WebApplication app)
    {
        var root = FindRoot(app.Configuration, app.Environment.ContentRootPath);
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConsoleHosting));
        if (root is null)
        {
            log.LogInformation("No published console found (set Console:Root or publish console/): serving the API only.");
            return;
        }
        log.LogInformation("Serving the console from {Root}", root);
        var policy = ContentSecurityPolicy(app.Services.GetRequiredService<IOptions<IdentityOptions>>().Value is { ConsoleSignIn: true } identity ? identity.Issuer : null);
        var files = new PhysicalFileProvider(root);
        app.Use((context, next) => PreferCompressed(context, files, next));
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = new CompressedAwareContentTypes(),
            OnPrepareResponse = file => Secure(file.Context.Response, policy),
        });
        app.MapFallback("{*path:nonfile}", context => IndexAsync(context, files, policy))
            .WithMetadata(new HttpMethodMetadata(["GET", "HEAD"]));
    }

    static Task IndexAsync(HttpContext context, IFileProvider files, string policy)
    {
        if (IsApiPath(context.Request.Path))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        Secure(context.Response, policy);
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.SendFileAsync(files.GetFileInfo("index.html"), context.RequestAborted);
    }

    static void Secure(HttpResponse response, string policy)
    {
        var headers = response.Headers;
        headers[HeaderNames.ContentSecurityPolicy] = policy;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        // Revalidated on each load (ETag), so a new publish is picked up; unchanged files answer 304.
        headers[HeaderNames.CacheControl] = "no-cache";
    }

    /// <summary>Answers with the published <c>.br</c> copy of a file when the browser accepts brotli.</summary>
    static Task PreferCompressed(HttpContext context, IFileProvider files, Func<Task> next)
    {
        var request = context.Request;
        if ((HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && !IsApiPath(request.Path)
            && request.Headers.AcceptEncoding.ToString().Contains("br", StringComparison.OrdinalIgnoreCase)
            && request.Path.HasValue && files.GetFileInfo(request.Path.Value + ".br").Exists)
        {
            request.Path = request.Path.Value + ".br";
            context.Response.Headers.ContentEncoding = "br";
            context.Response.Headers.Vary = "Accept-Encoding";
        }
        return next();
    }

    /// <summary>Content types by the file's own extension, under a <c>.br</c> or <c>.gz</c> one.</summary>
    sealed class CompressedAwareContentTypes : IContentTypeProvider
    {
        readonly FileExtensionContentTypeProvider inner = new();

        public bool TryGetContentType(string subpath, out string contentType)
        {
            var name = subpath.EndsWith(".br", StringComparison.Ordinal) || subpath.EndsWith(".gz", StringComparison.Ordinal) ? subpath[..^3] : subpath;
            if (inner.TryGetContentType(name, out contentType!)) return true;
            contentType = "application/octet-stream";
            return true;
        }
    }
}
