package org.jakartachat.browser;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The chat page as a user sees it: what is on the screen and what a user can do with it. */
final class ChatPage implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(15);
    /** A reconnect may wait out a backoff step (at most 15 s) plus a handshake. */
    static final Duration RECONNECT = Duration.ofSeconds(40);

    final ChromeDriver driver;
    private final URI page;

    ChatPage(ChromeDriver driver, URI page) {
        this.driver = driver;
        this.page = page;
    }

    /** Opens the page and enters the chat under {@code name} by typing it and pressing Enter. */
    ChatPage enter(String name) {
        driver.get(page.toString());
        WebElement input = driver.findElement(By.id("login-name"));
        input.clear();
        input.sendKeys(name, Keys.ENTER);
        waitUntil(d -> "online".equals(status()));
        return this;
    }

    <T> T waitUntil(Function<WebDriver, T> condition) {
        return waitUntil(WAIT, condition);
    }

    <T> T waitUntil(Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout).until(condition);
    }

    String status() {
        return driver.findElement(By.id("status")).getAttribute("data-state");
    }

    String myName() {
        return driver.findElement(By.id("my-name")).getText();
    }

    void type(String text) {
        driver.findElement(By.id("message")).sendKeys(text);
    }

    void say(String text) {
        driver.findElement(By.id("message")).sendKeys(text, Keys.ENTER);
    }

    String input() {
        return driver.findElement(By.id("message")).getAttribute("value");
    }

    /** The chat messages shown in the current room: "from: text", oldest first. */
    List<String> messages() {
        return driver.findElements(By.cssSelector("#messages li.message:not(.pending)")).stream()
                .map(li -> li.findElement(By.className("from")).getText() + ": "
                        + li.findElement(By.className("text")).getText())
                .toList();
    }

    List<WebElement> messageItems() {
        return driver.findElements(By.cssSelector("#messages li.message:not(.pending)"));
    }

    boolean showsGap() {
        return !driver.findElements(By.cssSelector("#messages li.gap")).isEmpty();
    }

    List<String> members() {
        return driver.findElements(By.cssSelector("#member-list li")).stream().map(WebElement::getText).toList();
    }

    /** The server-wide online count in the header. */
    int onlineCount() {
        return Integer.parseInt(driver.findElement(By.id("online-count")).getText());
    }

    int memberCount() {
        return Integer.parseInt(driver.findElement(By.id("member-count")).getText());
    }

    String typing() {
        return driver.findElement(By.id("typing")).getText();
    }

    String error() {
        WebElement error = driver.findElement(By.id("error"));
        return error.isDisplayed() ? error.getText() : "";
    }

    String roomTitle() {
        return driver.findElement(By.id("room-title")).getText();
    }

    void join(String room) {
        driver.findElement(By.id("join-room")).sendKeys(room, Keys.ENTER);
    }

    void switchTo(String room) {
        driver.findElements(By.cssSelector("#room-list button.switch")).stream()
                .filter(b -> b.getText().equals("# " + room)).findFirst().orElseThrow().click();
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
