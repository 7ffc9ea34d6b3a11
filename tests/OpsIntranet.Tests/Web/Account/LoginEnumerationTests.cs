using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Identity;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Web.Account;

/// <summary>
/// Nothing in the answer to a failed sign-in tells whether the address has an account: the same
/// words, and the same password-hashing work (the slow part, which a stopwatch would reveal),
/// whether the address is unknown, the password wrong or the account locked.
/// </summary>
public class LoginEnumerationTests(LoginEnumerationTests.App app) : IClassFixture<LoginEnumerationTests.App>
{
    private const string Unknown = "no.such.person@cityutility.example";

    /// <summary>Counts the real hasher's verifications.</summary>
    public sealed class CountingPasswordHasher : IPasswordHasher<AppUser>
    {
        private readonly PasswordHasher<AppUser> _inner = new();
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(AppUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    public sealed class App : IAsyncLifetime
    {
        public CountingPasswordHasher Hasher { get; } = new();
        public OpsWebFactory Factory { get; private set; } = default!;

        public async Task InitializeAsync()
        {
            Factory = new CountingFactory(await TestDatabases.CreateDemoAsync(), Hasher);
            _ = Factory.Server;
        }

        public async Task DisposeAsync()
        {
            var cs = Factory.ConnectionString;
            await Factory.DisposeAsync();
            await TestDatabases.DropAsync(cs);
        }

        private sealed class CountingFactory(string cs, CountingPasswordHasher hasher) : OpsWebFactory(cs)
        {
            protected override void ConfigureWebHost(IWebHostBuilder builder)
            {
                base.ConfigureWebHost(builder);
                builder.ConfigureTestServices(services => services.AddSingleton<IPasswordHasher<AppUser>>(hasher));
            }
        }
    }

    private async Task<(int Hashes, string Alert)> AttemptAsync(string email, string password)
    {
        var client = app.Factory.CreateBrowserLikeClient();
        var before = app.Hasher.Verifications;
        var response = await client.PostLoginAsync(email, password);
        var hashes = app.Hasher.Verifications - before;
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var alert = (await response.ParseAsync()).QuerySelector("[role=alert]")?.TextContent.Trim() ?? "(no message)";
        return (hashes, alert);
    }

    [Fact]
    public async Task Login_UnknownAddress_HashesAsMuchAsAWrongPasswordForARealAccount()
    {
        var real = await AttemptAsync(DemoUsers.ManagerB, "not-the-password-1");
        var unknown = await AttemptAsync(Unknown, "not-the-password-1");
        Assert.Equal(1, real.Hashes);
        Assert.Equal(real.Hashes, unknown.Hashes);
        Assert.Equal(real.Alert, unknown.Alert);
    }

    [Fact]
    public async Task Login_SixFailuresInARow_UnknownAddressGetsTheSameAnswersAsARealAccountThatLocks()
    {
        // The real account is used only here: after five failures it is locked, and the sixth answer is the one that used to differ.
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            var real = await AttemptAsync(DemoUsers.WalkInSupervisor, $"wrong-password-{attempt}");
            var unknown = await AttemptAsync(Unknown, $"wrong-password-{attempt}");
            Assert.True(real.Alert == unknown.Alert, $"Attempt {attempt}: a real account was told \"{real.Alert}\", an unknown address \"{unknown.Alert}\".");
            Assert.True(real.Hashes == unknown.Hashes, $"Attempt {attempt}: {real.Hashes} password hash(es) for a real account, {unknown.Hashes} for an unknown address.");
            Assert.Equal(1, unknown.Hashes);
        }
    }

    [Fact]
    public async Task Login_LockedAccountWithTheRightPassword_IsToldNoMoreThanAnUnknownAddress()
    {
        for (var attempt = 1; attempt <= 5; attempt++) await AttemptAsync(DemoUsers.UccSupervisor, $"wrong-password-{attempt}");
        var locked = await AttemptAsync(DemoUsers.UccSupervisor, OpsIntranet.Demo.DemoDataSeeder.DemoPassword);
        var unknown = await AttemptAsync(Unknown, OpsIntranet.Demo.DemoDataSeeder.DemoPassword);
        Assert.Equal(unknown.Alert, locked.Alert);
        Assert.Equal(unknown.Hashes, locked.Hashes);
        // The words still tell a real user what may have happened.
        Assert.Contains("locked", locked.Alert);
    }
}
