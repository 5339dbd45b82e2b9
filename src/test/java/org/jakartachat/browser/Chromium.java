package org.jakartachat.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium and ChromeDriver, found at the paths their packages install (overridable
 * with {@code -Dchat.chromium} and {@code -Dchat.chromedriver}). Selenium is handed both
 * executables, so it never tries to download a browser or a driver.
 */
final class Chromium {
    static final String BROWSER = System.getProperty("chat.chromium", "/usr/bin/chromium");
    static final String DRIVER = System.getProperty("chat.chromedriver", "/usr/bin/chromedriver");
    /** CI sets this: there, a missing browser is a failure, not a skip. */
    static final boolean REQUIRED = Boolean.getBoolean("chat.browser.required");

    static final String HOW_TO_ENABLE = "Chromium browser tests need Debian's chromium and chromium-driver "
            + "(apt-get install chromium chromium-driver), or -Dchat.chromium=... -Dchat.chromedriver=... "
            + "pointing at a Chromium and its matching ChromeDriver.";

    private Chromium() {
    }

    static boolean available() {
        return new File(BROWSER).canExecute() && new File(DRIVER).canExecute();
    }

    /** A fresh headless Chromium with its own profile, sized like a desktop or a phone. */
    static ChromeDriver start(int width, int height) throws IOException {
        Path profile = Files.createTempDirectory("chat-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER);
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--disable-extensions", "--disable-default-apps",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return driver;
    }
}
