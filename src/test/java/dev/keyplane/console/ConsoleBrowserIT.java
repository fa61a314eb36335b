package dev.keyplane.console;

import dev.keyplane.access.KeyKind;
import dev.keyplane.secrets.KeyFormat;
import dev.keyplane.support.PackagedApp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console in a real browser: Debian's chromium, headless, driven by Selenium through chromium-driver, against the
 * packaged application. Signs in, creates a project, mints a key (shown once, gone after a reload, valid at
 * /v1/keys/verify), revokes it (refused at the next verify), finds both in the audit log, signs in with a reader's
 * key and finds no control that writes, and signs out. A screenshot of each step lands in
 * {@code target/console-screenshots/}. Runs after packaging; {@code .ci/run} installs chromium and chromium-driver.
 */
class ConsoleBrowserIT {

    private static final Path SHOTS = Path.of("target", "console-screenshots");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static EmbeddedPostgres postgres;
    private static PackagedApp app;
    private static String ownerKey;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
        ownerKey = KeyFormat.generate(KeyKind.ADMIN).raw();
        app = PackagedApp.start("console-browser", postgres, ownerKey, "256m");
        Files.createDirectories(SHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(firstExisting("/usr/bin/chromium", "/usr/bin/chromium-browser"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(firstExisting("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"))).build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aPlatformEngineersDayInTheConsole() throws Exception {
        String readerKey = post("/v1/organization/admin_api_keys", ownerKey, "{\"name\":\"auditor\",\"role\":\"reader\"}", "value");

        signIn(ownerKey);
        shot("01-signed-in");
        assertFalse(browser.getPageSource().contains(ownerKey), "the key is in no page after sign-in");

        browser.findElement(By.id("name")).sendKeys("payments");
        browser.findElement(By.cssSelector("form[method='post'][action='/console/projects'] button")).click();
        await(ExpectedConditions.textToBe(By.tagName("h1"), "payments"));
        shot("02-project-created");

        browser.findElement(By.id("account-name")).sendKeys("checkout gateway");
        browser.findElement(By.cssSelector("form[action$='/service_accounts'] button")).click();
        await(ExpectedConditions.presenceOfElementLocated(By.id("secret")));
        String key = browser.findElement(By.id("secret")).getAttribute("value");
        assertTrue(key.startsWith("sk-svcacct-"), key);
        shot("03-key-shown-once");
        browser.navigate().refresh();
        await(ExpectedConditions.textToBe(By.tagName("h1"), "payments"));
        assertTrue(browser.findElements(By.id("secret")).isEmpty(), "not shown again after a reload");
        assertFalse(browser.getPageSource().contains(key));
        shot("04-after-reload");
        assertEquals("VALID", verify(key));

        browser.findElement(By.cssSelector("form[action$='/revoke'] button")).click();
        await(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("form[action$='/revoke']")));
        shot("05-revoked");
        assertFalse("VALID".equals(verify(key)), "the next verify refuses it");

        browser.findElement(By.linkText("Audit log")).click();
        await(ExpectedConditions.textToBe(By.tagName("h1"), "Audit log"));
        String log = browser.findElement(By.tagName("main")).getText();
        assertTrue(log.contains("api_key.created") || log.contains("service_account.created"), log);
        assertTrue(log.contains("api_key.deleted"), log);
        shot("06-audit-log");

        browser.manage().window().setSize(new Dimension(390, 844));
        // a 390 px window (its viewport less a scrollbar): the body must not scroll sideways
        assertTrue((Boolean) ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return document.body.scrollWidth <= document.documentElement.clientWidth"), "no horizontal scrolling at 390 px");
        shot("07-audit-log-390px");
        browser.manage().window().setSize(new Dimension(1280, 900));

        signOut();
        shot("08-signed-out");

        signIn(readerKey);
        browser.get(app.baseUrl() + "/console/projects");
        List<WebElement> writes = browser.findElements(By.cssSelector("form[method='post']:not([action='/console/sign-out'])"));
        assertTrue(writes.isEmpty(), "a reader finds no control that writes");
        browser.findElement(By.linkText("payments")).click();
        await(ExpectedConditions.textToBe(By.tagName("h1"), "payments"));
        assertTrue(browser.findElements(By.cssSelector("form[method='post']:not([action='/console/sign-out'])")).isEmpty());
        shot("09-reader");
        signOut();
        browser.get(app.baseUrl() + "/console/projects");
        assertTrue(browser.getCurrentUrl().endsWith("/console/sign-in"), "signed out: " + browser.getCurrentUrl());
    }

    private static void signIn(String key) {
        browser.get(app.baseUrl() + "/console/sign-in");
        browser.findElement(By.id("key")).sendKeys(key);
        browser.findElement(By.cssSelector("form[action='/console/sign-in'] button")).click();
        await(ExpectedConditions.not(ExpectedConditions.urlContains("/sign-in")));
    }

    private static void signOut() {
        browser.findElement(By.cssSelector("form.sign-out button")).click();
        await(ExpectedConditions.urlContains("/console/sign-in"));
    }

    private static void await(org.openqa.selenium.support.ui.ExpectedCondition<?> condition) {
        new WebDriverWait(browser, java.time.Duration.ofSeconds(15)).until(condition);
    }

    private static void shot(String name) throws Exception {
        File file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(file.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static String verify(String key) throws Exception {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/v1/keys/verify"))
                .header("Authorization", "Bearer " + ownerKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"" + key + "\"}")).build(), HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher code = java.util.regex.Pattern.compile("\"code\"\\s*:\\s*\"([A-Z_]+)\"").matcher(body);
        assertTrue(code.find(), body);
        return code.group(1);
    }

    private static String post(String path, String key, String json, String field) throws Exception {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + field + "\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
        assertTrue(m.find(), body);
        return m.group(1);
    }

    private static String firstExisting(String... paths) {
        for (String path : paths) {
            if (new File(path).exists()) {
                return path;
            }
        }
        throw new IllegalStateException("none of " + String.join(", ", paths) + " exists: apt-get install -y chromium chromium-driver");
    }
}
