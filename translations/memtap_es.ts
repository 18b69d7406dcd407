<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>BackendSelector</name>
    <message>
        <location filename="../app/capture/backendselector.cpp" line="+70"/>
        <source>SystemTap is not installed</source>
        <translation>SystemTap no está instalado</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>this kernel cannot load modules</source>
        <translation>este núcleo no puede cargar módulos</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the headers of kernel %1 are not installed</source>
        <translation>las cabeceras del núcleo %1 no están instaladas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>kernel lockdown (%1) refuses unsigned modules</source>
        <translation>el bloqueo del núcleo (%1) rechaza los módulos sin firmar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the kernel only loads signed modules</source>
        <translation>el núcleo solo carga módulos firmados</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>SystemTap, as requested</source>
        <translation>SystemTap, como se pidió</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>bpftrace, as requested</source>
        <translation>bpftrace, como se pidió</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>SystemTap, which can load its module on this kernel</source>
        <translation>SystemTap, que puede cargar su módulo en este núcleo</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>bpftrace, because %1</source>
        <translation>bpftrace, porque %1</translation>
    </message>
</context>
<context>
    <name>CaptureEndReason</name>
    <message>
        <location filename="../app/capture/captureendreason.cpp" line="+68"/>
        <source>not ended</source>
        <translation>no ha terminado</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>stopped by the user</source>
        <translation>detenida por el usuario</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>duration reached</source>
        <translation>alcanzada la duración</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>tracer died</source>
        <translation>el trazador murió</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>helper refused to start</source>
        <translation>el programa auxiliar se negó a arrancar</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>authorization dismissed</source>
        <translation>autorización cancelada</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>authorization denied</source>
        <translation>autorización denegada</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>failed to start</source>
        <translation>no pudo arrancar</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>unreadable trace stream</source>
        <translation>flujo de traza ilegible</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>writing the output failed</source>
        <translation>falló la escritura de la salida</translation>
    </message>
</context>
<context>
    <name>CaptureError</name>
    <message>
        <location filename="../app/capture/captureerror.cpp" line="+110"/>
        <source>The capture helper is not installed at %1: install memtap (&quot;sudo cmake --install &lt;build directory&gt;&quot;), or name another helper with --helper.</source>
        <translation>El programa auxiliar de captura no está instalado en %1: instale memtap («sudo cmake --install &lt;directorio de compilación&gt;») o indique otro programa auxiliar con --helper.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>sudo is not installed: install it with &quot;apt install sudo&quot;, or use pkexec elevation.</source>
        <translation>sudo no está instalado: instálelo con «apt install sudo» o use la elevación con pkexec.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>pkexec is not installed: install it with &quot;apt install pkexec polkitd&quot;, or use sudo elevation.</source>
        <translation>pkexec no está instalado: instálelo con «apt install pkexec polkitd» o use la elevación con sudo.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>SystemTap is not installed: install it with &quot;apt install systemtap&quot;, or use the bpftrace backend.</source>
        <translation>SystemTap no está instalado: instálelo con «apt install systemtap» o use el motor bpftrace.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>bpftrace is not installed: install it with &quot;apt install bpftrace&quot;.</source>
        <translation>bpftrace no está instalado: instálelo con «apt install bpftrace».</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>SystemTap needs the headers of the running kernel, which are not installed: install them with &quot;apt install linux-headers-%1&quot;, or use the bpftrace backend.</source>
        <translation>SystemTap necesita las cabeceras del núcleo en ejecución, que no están instaladas: instálelas con «apt install linux-headers-%1» o use el motor bpftrace.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This kernel cannot load modules, which SystemTap needs: use the bpftrace backend.</source>
        <translation>Este núcleo no puede cargar módulos, y SystemTap los necesita: use el motor bpftrace.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Neither SystemTap nor bpftrace can run on this machine: install bpftrace with &quot;apt install bpftrace&quot;.</source>
        <translation>Ni SystemTap ni bpftrace pueden ejecutarse en este equipo: instale bpftrace con «apt install bpftrace».</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The capture helper sent a stream memtap cannot read (%1): install a helper from the same memtap version.</source>
        <translation>El programa auxiliar de captura envió un flujo que memtap no puede leer (%1): instale un programa auxiliar de la misma versión de memtap.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Writing the captured stream failed (%1): make room on the disk, or keep the reader of the output reading, then start the capture again.</source>
        <translation>Falló la escritura del flujo capturado (%1): libere espacio en el disco o mantenga leyendo al lector de la salida y vuelva a iniciar la captura.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 stopped on its own while capturing: start the capture again, and check the kernel log (dmesg) if it keeps stopping.</source>
        <translation>%1 se detuvo por sí solo durante la captura: vuelva a iniciar la captura y revise el registro del núcleo (dmesg) si sigue deteniéndose.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The capture helper ended before %1 started, without saying why: start the capture again, and check the system log if it happens again.</source>
        <translation>El programa auxiliar de captura terminó antes de que arrancara %1, sin indicar el motivo: vuelva a iniciar la captura y revise el registro del sistema si vuelve a ocurrir.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Could not start %1 (%2): check that it is installed and executable.</source>
        <translation>No se pudo iniciar %1 (%2): compruebe que está instalado y que es ejecutable.</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+18"/>
        <source>The password prompt was dismissed, so the capture did not start: start it again and authenticate as an administrator.</source>
        <translation>Se cerró la petición de contraseña, así que la captura no se inició: iníciela de nuevo y autentíquese como administrador.</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>The capture helper was killed by signal %1: start the capture again.</source>
        <translation>El programa auxiliar de captura fue terminado por la señal %1: vuelva a iniciar la captura.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>You are not authorized to start memtap&apos;s capture helper (wrong password, or polkit action %1 denied): start again with an administrator&apos;s password, or ask an administrator to grant you that action.</source>
        <translation>No tiene autorización para iniciar el programa auxiliar de captura de memtap (contraseña incorrecta o acción de polkit %1 denegada): inténtelo de nuevo con la contraseña de un administrador o pida a un administrador que le conceda esa acción.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No polkit authentication agent is running to ask for the administrator password: start your desktop&apos;s polkit agent, run the capture from a terminal, or use sudo elevation.</source>
        <translation>No hay ningún agente de autenticación de polkit en ejecución que pida la contraseña de administrador: inicie el agente de polkit de su escritorio, ejecute la captura desde un terminal o use la elevación con sudo.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The polkit service cannot be reached on the system D-Bus: start it with &quot;systemctl start polkit&quot;, or use sudo elevation.</source>
        <translation>No se puede contactar con el servicio polkit en el D-Bus del sistema: inícielo con «systemctl start polkit» o use la elevación con sudo.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>pkexec could not start the capture helper (%1): check that polkit works, or use sudo elevation.</source>
        <translation>pkexec no pudo iniciar el programa auxiliar de captura (%1): compruebe que polkit funciona o use la elevación con sudo.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>sudo needs a password, which memtap cannot type (it runs &quot;sudo -n&quot;): run &quot;sudo -v&quot; first, allow %1 without a password in sudoers, or use pkexec elevation.</source>
        <translation>sudo necesita una contraseña que memtap no puede escribir (ejecuta «sudo -n»): ejecute antes «sudo -v», permita %1 sin contraseña en sudoers o use la elevación con pkexec.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>sudo does not allow you to run the capture helper: ask an administrator for a sudoers rule for %1, or use pkexec elevation.</source>
        <translation>sudo no le permite ejecutar el programa auxiliar de captura: pida a un administrador una regla de sudoers para %1 o use la elevación con pkexec.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The capture helper did not run as root: start the capture through pkexec or sudo, or as root.</source>
        <translation>El programa auxiliar de captura no se ejecutó como root: inicie la captura mediante pkexec o sudo, o como root.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The capture helper refused to run its tracer script, which must belong to root and be writable by root alone: reinstall memtap (the helper said: %1).</source>
        <translation>El programa auxiliar de captura se negó a ejecutar su guion de trazado, que debe pertenecer a root y solo root debe poder modificarlo: reinstale memtap (el programa auxiliar dijo: %1).</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The kernel&apos;s tracing file system (tracefs) is not mounted and the helper could not mount it: mount it with &quot;mount -t tracefs nodev /sys/kernel/tracing&quot; and try again.</source>
        <translation>El sistema de archivos de trazado del núcleo (tracefs) no está montado y el programa auxiliar no pudo montarlo: móntelo con «mount -t tracefs nodev /sys/kernel/tracing» e inténtelo de nuevo.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 did not stop in time and the helper killed it, so the last events of the capture may be missing: check the system load, and the kernel log (dmesg) if it happens again.</source>
        <translation>%1 no se detuvo a tiempo y el programa auxiliar lo terminó, así que pueden faltar los últimos eventos de la captura: revise la carga del sistema, y el registro del núcleo (dmesg) si vuelve a ocurrir.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>%1 was killed by signal %2: start the capture again, and check the kernel log (dmesg) if it happens again.</source>
        <translation>%1 fue terminado por la señal %2: vuelva a iniciar la captura y revise el registro del núcleo (dmesg) si vuelve a ocurrir.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>The kernel only loads signed modules (Secure Boot or kernel lockdown), so it cannot load SystemTap&apos;s module: use the bpftrace backend.</source>
        <translation>El núcleo solo carga módulos firmados (arranque seguro o bloqueo del núcleo), así que no puede cargar el módulo de SystemTap: use el motor bpftrace.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The kernel refused SystemTap&apos;s unsigned module (Secure Boot or kernel lockdown): use the bpftrace backend.</source>
        <translation>El núcleo rechazó el módulo sin firmar de SystemTap (arranque seguro o bloqueo del núcleo): use el motor bpftrace.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The kernel refused SystemTap&apos;s module as built for another kernel: install the headers of the running kernel (&quot;apt install linux-headers-$(uname -r)&quot;), or use the bpftrace backend.</source>
        <translation>El núcleo rechazó el módulo de SystemTap por estar compilado para otro núcleo: instale las cabeceras del núcleo en ejecución («apt install linux-headers-$(uname -r)») o use el motor bpftrace.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The kernel refused to load SystemTap&apos;s module (%1): use the bpftrace backend.</source>
        <translation>El núcleo se negó a cargar el módulo de SystemTap (%1): use el motor bpftrace.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>SystemTap could not compile its module for this kernel (pass 4), usually because this SystemTap release does not support it: use the bpftrace backend, or update systemtap.</source>
        <translation>SystemTap no pudo compilar su módulo para este núcleo (paso 4), normalmente porque esta versión de SystemTap no lo admite: use el motor bpftrace o actualice systemtap.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>SystemTap could not resolve the kernel events it traces on this kernel (pass 2): use the bpftrace backend.</source>
        <translation>SystemTap no pudo resolver en este núcleo los eventos del núcleo que traza (paso 2): use el motor bpftrace.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 did not run as root: start the capture through pkexec or sudo, or as root.</source>
        <translation>%1 no se ejecutó como root: inicie la captura mediante pkexec o sudo, o como root.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Kernel lockdown in confidentiality mode blocks the BPF features bpftrace needs: boot the kernel without lockdown=confidentiality (see kernel_lockdown(7)).</source>
        <translation>El bloqueo del núcleo en modo de confidencialidad impide las funciones BPF que necesita bpftrace: arranque el núcleo sin lockdown=confidentiality (vea kernel_lockdown(7)).</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>bpftrace cannot find the kernel&apos;s syscall tracepoints, because tracefs is not mounted or the kernel lacks CONFIG_FTRACE_SYSCALLS: mount it with &quot;mount -t tracefs nodev /sys/kernel/tracing&quot; and try again.</source>
        <translation>bpftrace no encuentra los puntos de traza de llamadas al sistema del núcleo, porque tracefs no está montado o el núcleo carece de CONFIG_FTRACE_SYSCALLS: móntelo con «mount -t tracefs nodev /sys/kernel/tracing» e inténtelo de nuevo.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>bpftrace could not read the kernel&apos;s type information (BTF): run the capture as root on the host itself, not in a container, on a kernel built with CONFIG_DEBUG_INFO_BTF (Debian&apos;s kernels are).</source>
        <translation>bpftrace no pudo leer la información de tipos del núcleo (BTF): ejecute la captura como root en el propio anfitrión, no en un contenedor, con un núcleo compilado con CONFIG_DEBUG_INFO_BTF (los núcleos de Debian lo están).</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The kernel did not let bpftrace load its BPF maps and programs: run the capture as root on the host itself, not in a container or sandbox that withholds CAP_BPF or CAP_SYS_ADMIN.</source>
        <translation>El núcleo no dejó que bpftrace cargara sus mapas y programas BPF: ejecute la captura como root en el propio anfitrión, no en un contenedor ni en un entorno aislado que retenga CAP_BPF o CAP_SYS_ADMIN.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The capture helper at %1 refused its arguments, so it comes from another memtap version: reinstall memtap.</source>
        <translation>El programa auxiliar de captura de %1 rechazó sus argumentos, así que procede de otra versión de memtap: reinstale memtap.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The capture helper ended with exit code %1 without saying why: start the capture again, and check the system log if it happens again.</source>
        <translation>El programa auxiliar de captura terminó con el código de salida %1 sin indicar el motivo: vuelva a iniciar la captura y revise el registro del sistema si vuelve a ocurrir.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The capture helper failed with exit code %1 (%2): start the capture again, and report a bug if it happens again.</source>
        <translation>El programa auxiliar de captura falló con el código de salida %1 (%2): vuelva a iniciar la captura e informe de un error si vuelve a ocurrir.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 failed (%2): check that it works on this kernel, or use the other backend.</source>
        <translation>%1 falló (%2): compruebe que funciona en este núcleo o use el otro motor.</translation>
    </message>
</context>
<context>
    <name>CaptureOptions</name>
    <message>
        <location filename="../app/capture/captureoptions.cpp" line="+63"/>
        <source>automatic</source>
        <translation>automático</translation>
    </message>
</context>
<context>
    <name>CsvExport</name>
    <message>
        <location filename="../app/export/csvexport.cpp" line="+58"/>
        <source>Session %1 does not say when it was recorded (it was recorded without memtap&apos;s helper), so its times count from the recording host&apos;s boot, written as if that were 1970-01-01T00:00:00Z.</source>
        <translation>La sesión %1 no indica cuándo se grabó (se grabó sin el programa auxiliar de memtap), así que sus horas cuentan desde el arranque del equipo que la grabó, escritas como si este fuera 1970-01-01T00:00:00Z.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>The processes export cannot be filtered by call; filter by pid or name.</source>
        <translation>La exportación de procesos no se puede filtrar por llamada; filtre por pid o por nombre.</translation>
    </message>
    <message>
        <location line="+41"/>
        <location line="+54"/>
        <source>The export was cancelled.</source>
        <translation>Se canceló la exportación.</translation>
    </message>
</context>
<context>
    <name>CsvExportJob</name>
    <message>
        <location filename="../app/export/csvexportjob.cpp" line="+63"/>
        <source>Could not create %1: %2. Choose a folder you can write to.</source>
        <translation>No se pudo crear %1: %2. Elija una carpeta en la que pueda escribir.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Could not write %1: %2</source>
        <translation>No se pudo escribir %1: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Could not write %1: %2. Check the free space and the folder&apos;s permissions.</source>
        <translation>No se pudo escribir %1: %2. Compruebe el espacio libre y los permisos de la carpeta.</translation>
    </message>
</context>
<context>
    <name>CsvWriter</name>
    <message>
        <location filename="../app/export/csvwriter.cpp" line="+253"/>
        <source>No output to write the CSV to.</source>
        <translation>No hay ninguna salida donde escribir el CSV.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Could not write the CSV: the output did not take the data (is the disk full?).</source>
        <translation>No se pudo escribir el CSV: la salida no aceptó los datos (¿está lleno el disco?).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Could not write the CSV: %1.</source>
        <translation>No se pudo escribir el CSV: %1.</translation>
    </message>
</context>
<context>
    <name>Database</name>
    <message>
        <location filename="../app/storage/database.cpp" line="+58"/>
        <source>No valid database URL was given.</source>
        <translation>No se indicó ninguna URL de base de datos válida.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Qt&apos;s SQLite driver is not installed; install the package libqt6sql6-sqlite.</source>
        <translation>El controlador SQLite de Qt no está instalado; instale el paquete libqt6sql6-sqlite.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Could not create the directory %1 for the database; check its permissions.</source>
        <translation>No se pudo crear el directorio %1 para la base de datos; revise sus permisos.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 is not a file; give the path of a SQLite database file.</source>
        <translation>%1 no es un archivo; indique la ruta de un archivo de base de datos SQLite.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Could not open the SQLite database %1: %2.</source>
        <translation>No se pudo abrir la base de datos SQLite %1: %2.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>%1 is not a SQLite database or is damaged (%2); give another file.</source>
        <translation>%1 no es una base de datos SQLite o está dañada (%2); indique otro archivo.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Could not prepare the SQLite database %1: %2.</source>
        <translation>No se pudo preparar la base de datos SQLite %1: %2.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The SQLite database %1 cannot use write-ahead logging (it answered &quot;%2&quot;); put it on a local file system.</source>
        <translation>La base de datos SQLite %1 no puede usar el registro de escritura anticipada (respondió «%2»); colóquela en un sistema de archivos local.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Qt&apos;s MySQL/MariaDB driver is not installed; install the package libqt6sql6-mysql.</source>
        <translation>El controlador MySQL/MariaDB de Qt no está instalado; instale el paquete libqt6sql6-mysql.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>tls=verify-full needs Qt 6.5 or newer, whose MySQL driver can check the server&apos;s host name; use tls=verify-ca with ca=FILE.</source>
        <translation>tls=verify-full necesita Qt 6.5 o posterior, cuyo controlador MySQL puede comprobar el nombre del servidor; use tls=verify-ca con ca=ARCHIVO.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The TLS file %1 named in the database URL cannot be read.</source>
        <translation>No se puede leer el archivo TLS %1 indicado en la URL de la base de datos.</translation>
    </message>
    <message>
        <location line="+36"/>
        <source> No password was given: set MEMTAP_DB_PASSWORD or store the password in the keychain.</source>
        <translation> No se indicó ninguna contraseña: defina MEMTAP_DB_PASSWORD o guarde la contraseña en el llavero.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> No password was given and the keychain could not be asked (%1): set MEMTAP_DB_PASSWORD.</source>
        <translation> No se indicó ninguna contraseña y no se pudo consultar el llavero (%1): defina MEMTAP_DB_PASSWORD.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> Check the user name and the password (taken from %1).</source>
        <translation> Compruebe el nombre de usuario y la contraseña (tomada de %1).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source> The TLS connection failed (tls=%1); check the server&apos;s certificate and the ca= file.</source>
        <translation> Falló la conexión TLS (tls=%1); revise el certificado del servidor y el archivo ca=.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> Check that the server runs and that host and port are right.</source>
        <translation> Compruebe que el servidor está en marcha y que el equipo y el puerto son correctos.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Could not connect to MySQL/MariaDB as %1: %2.%3</source>
        <translation>No se pudo conectar a MySQL/MariaDB como %1: %2.%3</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The MySQL/MariaDB server %1 did not encrypt the connection although the database URL asks for tls=%2; enable TLS on the server or change the URL.</source>
        <translation>El servidor MySQL/MariaDB %1 no cifró la conexión aunque la URL de la base de datos pide tls=%2; active TLS en el servidor o cambie la URL.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Could not prepare the MySQL/MariaDB connection %1: %2.</source>
        <translation>No se pudo preparar la conexión MySQL/MariaDB %1: %2.</translation>
    </message>
</context>
<context>
    <name>DatabasePassword</name>
    <message>
        <location filename="../app/storage/databasepassword.cpp" line="+36"/>
        <source>the keychain did not answer within %1 seconds</source>
        <translation>el llavero no respondió en %1 segundos</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>the keychain needs a running application</source>
        <translation>el llavero necesita una aplicación en ejecución</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>this build of memtap has no keychain support</source>
        <translation>esta compilación de memtap no admite llaveros</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The password could not be stored in the keychain (%1); set MEMTAP_DB_PASSWORD instead, or enter it at each start.</source>
        <translation>No se pudo guardar la contraseña en el llavero (%1); defina MEMTAP_DB_PASSWORD en su lugar o introdúzcala en cada inicio.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This build of memtap has no keychain support; set MEMTAP_DB_PASSWORD instead.</source>
        <translation>Esta compilación de memtap no admite llaveros; defina MEMTAP_DB_PASSWORD en su lugar.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The password could not be removed from the keychain (%1).</source>
        <translation>No se pudo quitar la contraseña del llavero (%1).</translation>
    </message>
</context>
<context>
    <name>DatabaseUrl</name>
    <message>
        <location filename="../app/storage/databaseurl.cpp" line="+61"/>
        <source>The database URL is empty; give sqlite:/path/file.sqlite or mysql://user@host:port/database.</source>
        <translation>La URL de la base de datos está vacía; indique sqlite:/ruta/archivo.sqlite o mysql://usuario@equipo:puerto/base_de_datos.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The SQLite URL &quot;%1&quot; names a host; write sqlite:/path/file.sqlite for a local file.</source>
        <translation>La URL de SQLite «%1» nombra un equipo; escriba sqlite:/ruta/archivo.sqlite para un archivo local.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The SQLite URL &quot;%1&quot; has no file path; write sqlite:/path/file.sqlite.</source>
        <translation>La URL de SQLite «%1» no tiene ruta de archivo; escriba sqlite:/ruta/archivo.sqlite.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&quot;%1&quot; is not a database URL memtap knows; give sqlite:/path/file.sqlite or mysql://user@host:port/database.</source>
        <translation>«%1» no es una URL de base de datos que memtap conozca; indique sqlite:/ruta/archivo.sqlite o mysql://usuario@equipo:puerto/base_de_datos.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The database URL &quot;%1&quot; cannot be parsed: %2.</source>
        <translation>No se puede analizar la URL de base de datos «%1»: %2.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Passwords are not accepted in database URLs, where other users can read them; set MEMTAP_DB_PASSWORD or store the password in the keychain from the settings dialog.</source>
        <translation>No se aceptan contraseñas en las URL de base de datos, donde otros usuarios pueden leerlas; defina MEMTAP_DB_PASSWORD o guarde la contraseña en el llavero desde el diálogo de configuración.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The database URL &quot;%1&quot; has no host; write mysql://user@host:port/database.</source>
        <translation>La URL de base de datos «%1» no tiene equipo; escriba mysql://usuario@equipo:puerto/base_de_datos.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The database URL &quot;%1&quot; has no user name; write mysql://user@host:port/database.</source>
        <translation>La URL de base de datos «%1» no tiene nombre de usuario; escriba mysql://usuario@equipo:puerto/base_de_datos.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The port in &quot;%1&quot; is out of range.</source>
        <translation>El puerto de «%1» está fuera de rango.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The database URL &quot;%1&quot; needs a database name of letters, digits, _ and -; write mysql://user@host:port/database.</source>
        <translation>La URL de base de datos «%1» necesita un nombre de base de datos formado por letras, dígitos, _ y -; escriba mysql://usuario@equipo:puerto/base_de_datos.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Unknown TLS mode &quot;%1&quot;; use tls=disabled, required, verify-ca or verify-full.</source>
        <translation>Modo TLS desconocido «%1»; use tls=disabled, required, verify-ca o verify-full.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Unknown database URL option &quot;%1&quot;; the options are tls, ca, cert and key.</source>
        <translation>Opción de URL de base de datos desconocida «%1»; las opciones son tls, ca, cert y key.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>A client certificate needs both cert= and key= in the database URL.</source>
        <translation>Un certificado de cliente necesita tanto cert= como key= en la URL de la base de datos.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>tls=disabled contradicts the certificate options in the database URL.</source>
        <translation>tls=disabled contradice las opciones de certificado de la URL de la base de datos.</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>The database: sqlite:/path/file.sqlite or mysql://user@host:port/database[?tls=required|verify-ca|verify-full&amp;ca=FILE] (password from MEMTAP_DB_PASSWORD or the keychain). Default: %1.</source>
        <translation>La base de datos: sqlite:/ruta/archivo.sqlite o mysql://usuario@equipo:puerto/base_de_datos[?tls=required|verify-ca|verify-full&amp;ca=ARCHIVO] (contraseña de MEMTAP_DB_PASSWORD o del llavero). Predeterminada: %1.</translation>
    </message>
</context>
<context>
    <name>DisplayFormat</name>
    <message>
        <location filename="../app/models/displayformat.cpp" line="+49"/>
        <source>%1 bytes</source>
        <translation>%1 bytes</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
</context>
<context>
    <name>EventParser</name>
    <message>
        <location filename="../app/trace/eventparser.cpp" line="+468"/>
        <source>line %1 is not memtap trace format v1: it is longer than %2 MiB</source>
        <translation>la línea %1 no está en el formato de traza v1 de memtap: ocupa más de %2 MiB</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>line %1 is longer than %2 MiB</source>
        <translation>la línea %1 ocupa más de %2 MiB</translation>
    </message>
    <message>
        <location line="+26"/>
        <location line="+55"/>
        <source>line %1 is truncated</source>
        <translation>la línea %1 está truncada</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>it has %1 instead of %2 fields</source>
        <translation>tiene %1 campos en lugar de %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>field %1 (%2)</source>
        <translation>campo %1 (%2)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 is not a decimal number: %2</source>
        <translation>%1 no es un número decimal: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 is out of range: %2</source>
        <translation>%1 está fuera de rango: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 is not a known call: %2</source>
        <translation>%1 no es una llamada conocida: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 is not 0x followed by lower-case hex digits: %2</source>
        <translation>%1 no es 0x seguido de dígitos hexadecimales en minúscula: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the name is longer than %1 bytes</source>
        <translation>el nombre ocupa más de %1 bytes</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>line %1 is not memtap trace format v1: %2</source>
        <translation>la línea %1 no está en el formato de traza v1 de memtap: %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>line %1: %2</source>
        <translation>línea %1: %2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>line %1 is not memtap trace format v1: it starts with %2</source>
        <translation>la línea %1 no está en el formato de traza v1 de memtap: empieza por %2</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>line %1 is not memtap trace format v1: the format version %2 is not a number</source>
        <translation>la línea %1 no está en el formato de traza v1 de memtap: la versión de formato %2 no es un número</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>unsupported trace format version %1 (this memtap reads %2)</source>
        <translation>versión de formato de traza %1 no admitida (este memtap lee la %2)</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>line %1: the #meta line of %2 has no value</source>
        <translation>línea %1: la línea #meta de %2 no tiene valor</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>line %1: the #meta value of %2 is not a %3 number: %4</source>
        <translation>línea %1: el valor #meta de %2 no es un número %3: %4</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>64-bit</source>
        <translation>de 64 bits</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>non-negative 64-bit</source>
        <translation>no negativo de 64 bits</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>line %1: the #lost count is not a decimal number: %2</source>
        <translation>línea %1: la cuenta de #lost no es un número decimal: %2</translation>
    </message>
</context>
<context>
    <name>ExportCommand</name>
    <message>
        <location filename="../app/ctl/exportcommand.cpp" line="+37"/>
        <source>Write a session&apos;s processes or requests as CSV</source>
        <translation>Escribe como CSV los procesos o las peticiones de una sesión</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Writes the processes or the requests of a session as CSV (RFC 4180, UTF-8).</source>
        <translation>Escribe como CSV (RFC 4180, UTF-8) los procesos o las peticiones de una sesión.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What to export.</source>
        <translation>Qué exportar.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The session to export (see memtapctl sessions). Default: the newest.</source>
        <translation>La sesión que exportar (vea memtapctl sessions). Predeterminada: la más reciente.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Only this process id.</source>
        <translation>Solo este identificador de proceso.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only processes of this name (bytes; \xHH escapes allowed).</source>
        <translation>Solo los procesos con este nombre (bytes; se admiten escapes \xHH).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>--name matches names containing it, ignoring ASCII case.</source>
        <translation>--name coincide con los nombres que lo contienen, sin distinguir mayúsculas ASCII.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only requests of this call: %1.</source>
        <translation>Solo las peticiones de esta llamada: %1.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The CSV file to write; - for standard output.</source>
        <translation>El archivo CSV que escribir; - para la salida estándar.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>say what to export: processes or requests.</source>
        <translation>indique qué exportar: processes o requests.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>give the file to write with --output FILE.csv (- for standard output).</source>
        <translation>indique el archivo que escribir con --output ARCHIVO.csv (- para la salida estándar).</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>--pid needs a process id, not &quot;%1&quot;.</source>
        <translation>--pid necesita un identificador de proceso, no «%1».</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>unknown call &quot;%1&quot;; use one of %2.</source>
        <translation>llamada desconocida «%1»; use una de %2.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>--call only applies to requests.</source>
        <translation>--call solo se aplica a las peticiones.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>--session needs a session id (see memtapctl sessions), not &quot;%1&quot;.</source>
        <translation>--session necesita un identificador de sesión (vea memtapctl sessions), no «%1».</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>cannot write to standard output.</source>
        <translation>no se puede escribir en la salida estándar.</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+31"/>
        <source>cannot write %1: %2.</source>
        <translation>no se puede escribir %1: %2.</translation>
    </message>
    <message>
        <location line="-22"/>
        <location line="+5"/>
        <source>exporting %1 of session %2</source>
        <translation>exportando %1 de la sesión %2</translation>
    </message>
    <message>
        <location line="-5"/>
        <location line="+6"/>
        <source>rows</source>
        <translation>filas</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>wrote %1 %2 of session %3 to %4.</source>
        <translation>se escribieron %1 %2 de la sesión %3 en %4.</translation>
    </message>
</context>
<context>
    <name>ImportCommand</name>
    <message>
        <location filename="../app/ctl/importcommand.cpp" line="+41"/>
        <source>Replay a recorded trace (plain or gzip) into a new session of the database</source>
        <translation>Reproduce una traza grabada (sin comprimir o gzip) en una sesión nueva de la base de datos</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Replays a recorded trace (format v1, plain or gzip-compressed) into a new session of the database, as if it were being captured now.</source>
        <translation>Reproduce una traza grabada (formato v1, sin comprimir o comprimida con gzip) en una sesión nueva de la base de datos, como si se estuviera capturando ahora.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The trace file (memtapctl record --output); - reads standard input.</source>
        <translation>El archivo de traza (memtapctl record --output); - lee la entrada estándar.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Import a file of unstored records even though the database holds them already.</source>
        <translation>Importa un archivo de registros no guardados aunque la base de datos ya los tenga.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>give exactly one trace file (or - for standard input).</source>
        <translation>indique exactamente un archivo de traza (o - para la entrada estándar).</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Add --again to do so all the same.</source>
        <translation>Añada --again para hacerlo de todos modos.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>importing %1</source>
        <translation>importando %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>events</source>
        <translation>eventos</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>stopping; what was read so far is kept (Ctrl-C again to give up on what the database has not taken yet).</source>
        <translation>deteniendo; se conserva lo leído hasta ahora (pulse Ctrl-C otra vez para renunciar a lo que la base de datos aún no ha recibido).</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Retrying; Ctrl-C stops the import.</source>
        <translation>Reintentando; Ctrl-C detiene la importación.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the database is writable again; continuing.</source>
        <translation>se puede volver a escribir en la base de datos; continuando.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>cancelled; session %1 keeps the %2 events read before.</source>
        <translation>cancelado; la sesión %1 conserva los %2 eventos leídos antes.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>session %1 keeps the %2 events read before the error.</source>
        <translation>la sesión %1 conserva los %2 eventos leídos antes del error.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>session: %1</source>
        <translation>sesión: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>database: %1</source>
        <translation>base de datos: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>trace: %1</source>
        <translation>traza: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>events: %1</source>
        <translation>eventos: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>baseline records: %1</source>
        <translation>registros de línea base: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>processes: %1</source>
        <translation>procesos: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>malformed lines: %1</source>
        <translation>líneas mal formadas: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dropped events: %1</source>
        <translation>eventos perdidos: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>seconds: %1</source>
        <translation>segundos: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>events per second: %1</source>
        <translation>eventos por segundo: %1</translation>
    </message>
</context>
<context>
    <name>PrivateDirectory</name>
    <message>
        <location filename="../app/storage/privatedirectory.cpp" line="+12"/>
        <source>Could not create the directory %1; check its permissions or free space.</source>
        <translation>No se pudo crear el directorio %1; compruebe sus permisos o el espacio libre.</translation>
    </message>
</context>
<context>
    <name>RawStreamWriter</name>
    <message>
        <location filename="../app/capture/rawstreamwriter.cpp" line="+61"/>
        <source>the output is not taking the stream: %1 MiB wait to be written</source>
        <translation>la salida no está aceptando el flujo: %1 MiB esperan para escribirse</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>the output did not take the last %1 bytes in time</source>
        <translation>la salida no aceptó a tiempo los últimos %1 bytes</translation>
    </message>
</context>
<context>
    <name>RecordCommand</name>
    <message>
        <location filename="../app/ctl/recordcommand.cpp" line="+84"/>
        <source>Capture every memory call of every process into a v1 trace file</source>
        <translation>Captura cada llamada de memoria de cada proceso en un archivo de traza v1</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>memtapctl record: %1, %2 after %3 s</source>
        <translation>memtapctl record: %1, %2 tras %3 s</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>events: %1 (%2/s)</source>
        <translation>eventos: %1 (%2/s)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>baseline records: %1 (%2)</source>
        <translation>registros de línea base: %1 (%2)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>malformed lines: %1</source>
        <translation>líneas mal formadas: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dropped events: %1</source>
        <translation>eventos perdidos: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>written: %1, %2 bytes</source>
        <translation>escrito: %1, %2 bytes</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Tracer: auto (SystemTap where it can load its module, else bpftrace), stap or bpftrace.</source>
        <translation>Trazador: auto (SystemTap donde pueda cargar su módulo; si no, bpftrace), stap o bpftrace.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stop after this many seconds of capture (from the moment the tracer is attached). Without it, the capture runs until Ctrl-C.</source>
        <translation>Detenerse tras estos segundos de captura (desde que el trazador se engancha). Sin esta opción, la captura sigue hasta pulsar Ctrl-C.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Where to write the v1 stream; - writes it to standard output (the summary then goes to standard error).</source>
        <translation>Dónde escribir el flujo v1; - lo escribe en la salida estándar (el resumen va entonces a la salida de errores).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>How to start the root helper: pkexec, sudo (runs sudo -n, never prompts) or none (already root). Default: none as root; pkexec when polkit can ask for the password (on this terminal or through the desktop&apos;s agent); else sudo.</source>
        <translation>Cómo iniciar el programa auxiliar como root: pkexec, sudo (ejecuta sudo -n, nunca pregunta) o none (ya es root). Predeterminado: none como root; pkexec cuando polkit puede pedir la contraseña (en este terminal o mediante el agente del escritorio); si no, sudo.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The root helper to run (for development and tests; pkexec only accepts the installed one). Default: %1.</source>
        <translation>El programa auxiliar que ejecutar como root (para desarrollo y pruebas; pkexec solo acepta el instalado). Predeterminado: %1.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Also store the capture as a new session in a database (empty: the default one). %1</source>
        <translation>Guardar además la captura como una sesión nueva en una base de datos (vacío: la predeterminada). %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Also print what the tracer and the helper write to standard error.</source>
        <translation>Mostrar también lo que el trazador y el programa auxiliar escriben en la salida de errores.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Usage: memtapctl record [options]</source>
        <translation>Uso: memtapctl record [opciones]</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>unexpected argument &quot;%1&quot;; see memtapctl record --help.</source>
        <translation>argumento inesperado «%1»; vea memtapctl record --help.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>unknown backend &quot;%1&quot;; use auto, stap or bpftrace.</source>
        <translation>motor desconocido «%1»; use auto, stap o bpftrace.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>unknown elevation &quot;%1&quot;; use pkexec, sudo or none.</source>
        <translation>elevación desconocida «%1»; use pkexec, sudo o none.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>--duration needs a positive number of seconds, not &quot;%1&quot;.</source>
        <translation>--duration necesita un número positivo de segundos, no «%1».</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>--output FILE is required (- for standard output), unless --db stores the capture.</source>
        <translation>Se necesita --output ARCHIVO (- para la salida estándar), salvo que --db guarde la captura.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>cannot write %1 (%2): choose a writable file with --output.</source>
        <translation>no se puede escribir %1 (%2): elija con --output un archivo en el que se pueda escribir.</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>%1 received, giving up on what the database has not taken yet.</source>
        <translation>se recibió %1; se renuncia a lo que la base de datos aún no ha recibido.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 received, stopping the capture (again to quit without waiting).</source>
        <translation>se recibió %1; deteniendo la captura (otra vez para salir sin esperar).</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>authorized; starting %1.</source>
        <translation>autorizado; iniciando %1.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>waiting for authorization (%1)...</source>
        <translation>esperando la autorización (%1)...</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>capturing with %1; Ctrl-C stops.</source>
        <translation>capturando con %1; Ctrl-C detiene.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the capture ended; waiting for the database to take the rest (Ctrl-C gives up and saves it to a file).</source>
        <translation>la captura terminó; esperando a que la base de datos acepte el resto (Ctrl-C desiste y lo guarda en un archivo).</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>the database takes records again.</source>
        <translation>la base de datos vuelve a aceptar registros.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>%1 events, %2 dropped, %3 s</source>
        <translation>%1 eventos, %2 perdidos, %3 s</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>waiting for the output to take the last %1 KiB (Ctrl-C to give up).</source>
        <translation>esperando a que la salida acepte los últimos %1 KiB (Ctrl-C para renunciar).</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>database: %1, session %2, %3 events and %4 baseline records stored</source>
        <translation>base de datos: %1, sesión %2, %3 eventos y %4 registros de línea base guardados</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>quit without waiting; the output may be incomplete.</source>
        <translation>salida sin esperar; la salida puede estar incompleta.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>storing the capture in %1 failed (%2): what is missing there is only in the output file, if one was written.</source>
        <translation>falló el guardado de la captura en %1 (%2): lo que falte allí solo está en el archivo de salida, si se escribió alguno.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>storing the capture in %1 failed: %2</source>
        <translation>falló el guardado de la captura en %1: %2</translation>
    </message>
</context>
<context>
    <name>RecordSpool</name>
    <message>
        <location filename="../app/storage/recordspool.cpp" line="+136"/>
        <source>Could not create the spool file %1: %2.</source>
        <translation>No se pudo crear el archivo de cola %1: %2.</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Could not write to the spool file %1: %2.</source>
        <translation>No se pudo escribir en el archivo de cola %1: %2.</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+10"/>
        <source>Could not read the spool file %1: %2.</source>
        <translation>No se pudo leer el archivo de cola %1: %2.</translation>
    </message>
    <message>
        <location line="-5"/>
        <location line="+17"/>
        <location line="+8"/>
        <source>The spool file %1 is damaged at byte %2.</source>
        <translation>El archivo de cola %1 está dañado en el byte %2.</translation>
    </message>
</context>
<context>
    <name>RequestLogQuery</name>
    <message>
        <location filename="../app/storage/requestlogquery.cpp" line="+43"/>
        <source>Could not read %1 of session %2: %3.</source>
        <translation>No se pudo leer %1 de la sesión %2: %3.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>the process names</source>
        <translation>los nombres de los procesos</translation>
    </message>
    <message>
        <location line="+95"/>
        <location line="+20"/>
        <source>the request counts</source>
        <translation>las cuentas de peticiones</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>the row count</source>
        <translation>el número de filas</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>There is no session %1 in %2.</source>
        <translation>No hay ninguna sesión %1 en %2.</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>requests</source>
        <translation>peticiones</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>The request counts of session %1 do not match its events; reopen the session.</source>
        <translation>Las cuentas de peticiones de la sesión %1 no coinciden con sus eventos; vuelva a abrir la sesión.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>a request&apos;s position</source>
        <translation>la posición de una petición</translation>
    </message>
</context>
<context>
    <name>RowInserter</name>
    <message>
        <location filename="../app/storage/rowinserter.cpp" line="+18"/>
        <source>Qt&apos;s SQLite driver does not expose its sqlite3 handle</source>
        <translation>el controlador SQLite de Qt no expone su manejador sqlite3</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Qt&apos;s MySQL driver does not expose its MYSQL handle</source>
        <translation>el controlador MySQL de Qt no expone su manejador MYSQL</translation>
    </message>
</context>
<context>
    <name>SchemaMigrator</name>
    <message>
        <location filename="../app/storage/schemamigrator.cpp" line="+115"/>
        <source>This memtap was built without its database schema (no migrations for this database kind); rebuild it.</source>
        <translation>Este memtap se compiló sin su esquema de base de datos (no hay migraciones para este tipo de base de datos); vuelva a compilarlo.</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+27"/>
        <source>Could not read the schema version of %1: %2.</source>
        <translation>No se pudo leer la versión del esquema de %1: %2.</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Another memtap has been updating the schema of %1 for a minute; try again when it is done.</source>
        <translation>Otro memtap lleva un minuto actualizando el esquema de %1; inténtelo de nuevo cuando termine.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The database %1 has schema version %2, newer than the version %3 this memtap knows; update memtap to read it, or use another database.</source>
        <translation>La base de datos %1 tiene la versión de esquema %2, más reciente que la versión %3 que conoce este memtap; actualice memtap para leerla o use otra base de datos.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The database %1 has schema version %2 and needs version %3; open it once with memtap to update it.</source>
        <translation>La base de datos %1 tiene la versión de esquema %2 y necesita la versión %3; ábrala una vez con memtap para actualizarla.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Could not update the schema of %1 to version %2 (%3): %4.</source>
        <translation>No se pudo actualizar el esquema de %1 a la versión %2 (%3): %4.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>the embedded script %1 cannot be read</source>
        <translation>no se puede leer el guion incorporado %1</translation>
    </message>
</context>
<context>
    <name>SessionRepository</name>
    <message>
        <location filename="../app/storage/sessionrepository.cpp" line="+75"/>
        <location line="+116"/>
        <location line="+17"/>
        <location line="+33"/>
        <location line="+59"/>
        <location line="+34"/>
        <location line="+14"/>
        <source>Could not read %1 from %2: %3.</source>
        <translation>No se pudo leer %1 de %2: %3.</translation>
    </message>
    <message>
        <location line="-256"/>
        <location line="+58"/>
        <source>the sessions</source>
        <translation>las sesiones</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>There is no session %1 in %2.</source>
        <translation>No hay ninguna sesión %1 en %2.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>There are no sessions in %1 yet; record or import one first.</source>
        <translation>Todavía no hay sesiones en %1; grabe o importe una primero.</translation>
    </message>
    <message>
        <location line="+38"/>
        <location line="+17"/>
        <source>the processes</source>
        <translation>los procesos</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>a process</source>
        <translation>un proceso</translation>
    </message>
    <message>
        <location line="+59"/>
        <location line="+34"/>
        <location line="+14"/>
        <source>the memory share</source>
        <translation>el reparto de memoria</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>the baseline records</source>
        <translation>los registros de línea base</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>The stored baseline of process %1 in session %2 is damaged.</source>
        <translation>La línea base guardada del proceso %1 en la sesión %2 está dañada.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>a timeline</source>
        <translation>una evolución temporal</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The stored timeline of process %1 in session %2 is damaged.</source>
        <translation>La evolución temporal guardada del proceso %1 en la sesión %2 está dañada.</translation>
    </message>
</context>
<context>
    <name>SessionsCommand</name>
    <message>
        <location filename="../app/ctl/sessionscommand.cpp" line="+86"/>
        <source>List the capture sessions in the database</source>
        <translation>Lista las sesiones de captura de la base de datos</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>START (UTC)</source>
        <translation>INICIO (UTC)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>DURATION</source>
        <translation>DURACIÓN</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>HOST</source>
        <translation>EQUIPO</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>BACKEND</source>
        <translation>MOTOR</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>SOURCE</source>
        <translation>ORIGEN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>EVENTS</source>
        <translation>EVENTOS</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PROCESSES</source>
        <translation>PROCESOS</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>DROPPED</source>
        <translation>PERDIDOS</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>MALFORMED</source>
        <translation>MAL FORMADAS</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>END</source>
        <translation>FIN</translation>
    </message>
    <message>
        <location line="-69"/>
        <source>(recording)</source>
        <translation>(grabando)</translation>
    </message>
    <message>
        <location line="-23"/>
        <source>%1 (rest of %2)</source>
        <translation>%1 (resto de %2)</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>(interrupted)</source>
        <translation>(interrumpida)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 (rest in %2)</source>
        <translation>%1 (resto en %2)</translation>
    </message>
    <message>
        <location line="+105"/>
        <source>Lists the capture sessions stored in the database.</source>
        <translation>Lista las sesiones de captura guardadas en la base de datos.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Write JSON instead of a table.</source>
        <translation>Escribir JSON en lugar de una tabla.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>unexpected argument &quot;%1&quot;.</source>
        <translation>argumento inesperado «%1».</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>%1 has no sessions yet; record or import one.</source>
        <translation>%1 todavía no tiene sesiones; grabe o importe una.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../ui/settingsdialog.ui" line="+15"/>
        <source>Configure memtap</source>
        <translation>Configurar memtap</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Database</source>
        <translation>&amp;Base de datos</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;SQLite file on this computer</source>
        <translation>Archivo &amp;SQLite en este equipo</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>The SQLite file that stores the sessions; it is created on first use</source>
        <translation>El archivo SQLite que guarda las sesiones; se crea al usarlo por primera vez</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Browse…</source>
        <translation>&amp;Examinar…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;MySQL or MariaDB server</source>
        <translation>Servidor &amp;MySQL o MariaDB</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>&amp;Host:</source>
        <translation>&amp;Equipo:</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>&amp;Port:</source>
        <translation>&amp;Puerto:</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>&amp;User:</source>
        <translation>&amp;Usuario:</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Pass&amp;word:</source>
        <translation>&amp;Contraseña:</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Kept in the desktop keychain, never in the settings file</source>
        <translation>Se guarda en el llavero del escritorio, nunca en el archivo de configuración</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>D&amp;atabase:</source>
        <translation>Base de &amp;datos:</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;TLS:</source>
        <translation>&amp;TLS:</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;CA file:</source>
        <translation>Archivo de &amp;CA:</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The system&apos;s certificate authorities</source>
        <translation>Las autoridades de certificación del sistema</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>B&amp;rowse…</source>
        <translation>E&amp;xaminar…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Test &amp;Connection</source>
        <translation>&amp;Probar la conexión</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>C&amp;apture and Display</source>
        <translation>C&amp;aptura y visualización</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Tracer:</source>
        <translation>&amp;Trazador:</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Elevation:</source>
        <translation>&amp;Elevación:</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Refresh interval:</source>
        <translation>&amp;Intervalo de actualización:</translation>
    </message>
    <message>
        <location line="+10"/>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>How often the process table takes in new figures</source>
        <translation>Cada cuánto recoge la tabla de procesos las cifras nuevas</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Processes in the share chart:</source>
        <translation>&amp;Procesos en el gráfico de reparto:</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The processes that requested the most memory get a slice; the rest share &quot;Other&quot;</source>
        <translation>Los procesos que más memoria solicitaron tienen su propio sector; el resto comparte «Otros»</translation>
    </message>
</context>
<context>
    <name>SqliteRowInserter</name>
    <message>
        <location filename="../app/storage/sqliterowinserter.cpp" line="+245"/>
        <location line="+11"/>
        <source>binding a value failed: %1</source>
        <translation>falló la vinculación de un valor: %1</translation>
    </message>
</context>
<context>
    <name>StoreWriter</name>
    <message>
        <location filename="../app/storage/storewriter.cpp" line="+159"/>
        <source>%1 memtap holds the records back until the database takes them; a capture may drop events meanwhile.</source>
        <translation>%1 memtap retiene los registros hasta que la base de datos los acepte; mientras tanto una captura puede perder eventos.</translation>
    </message>
    <message>
        <location line="+175"/>
        <source>Could not take back the records kept on disk: %1 memtap stopped writing.</source>
        <translation>No se pudieron recuperar los registros guardados en disco: %1 memtap dejó de escribir.</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>Could not write to the database %1: %2. The database refused the same records %3 times over a working connection, so memtap stopped writing.</source>
        <translation>No se pudo escribir en la base de datos %1: %2. La base de datos rechazó los mismos registros %3 veces con una conexión que funciona, así que memtap dejó de escribir.</translation>
    </message>
    <message numerus="yes">
        <location line="+78"/>
        <source>Writing stopped before %n record(s) were stored.</source>
        <translation>
            <numerusform>La escritura se detuvo antes de guardar %n registro.</numerusform>
            <numerusform>La escritura se detuvo antes de guardar %n registros.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+53"/>
        <source>They are saved in %1: &quot;%2&quot; stores them as a session of their own.</source>
        <translation>Están guardados en %1: &quot;%2&quot; los almacena como una sesión propia.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 of them are saved in %2 (&quot;%3&quot; stores them as a session of their own); the others could not be saved: %4</source>
        <translation>%1 de ellos están guardados en %2 (&quot;%3&quot; los almacena como una sesión propia); los demás no se pudieron guardar: %4</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>They could not be saved to a file either: %1</source>
        <translation>Tampoco se pudieron guardar en un archivo: %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 of them are kept in %2 (memtap&apos;s own format, not a trace memtapctl can import).</source>
        <translation>%1 de ellos se guardan en %2 (formato propio de memtap, no una traza que memtapctl pueda importar).</translation>
    </message>
    <message>
        <location line="-109"/>
        <source>Could not write to the database %1: %2</source>
        <translation>No se pudo escribir en la base de datos %1: %2</translation>
    </message>
    <message>
        <location line="+124"/>
        <source>Could not write to the database %1: %2. %3 records are kept in memory and %4 on disk; they will be written when it works again.</source>
        <translation>No se pudo escribir en la base de datos %1: %2. Se guardan %3 registros en memoria y %4 en disco; se escribirán cuando vuelva a funcionar.</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Could not write to the database %1: %2. %n record(s) are kept in memory and will be written when it works again.</source>
        <translation>
            <numerusform>No se pudo escribir en la base de datos %1: %2. %n registro se conserva en memoria y se escribirá cuando vuelva a funcionar.</numerusform>
            <numerusform>No se pudo escribir en la base de datos %1: %2. %n registros se conservan en memoria y se escribirán cuando vuelva a funcionar.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+11"/>
        <source>the spool file ended early.</source>
        <translation>el archivo de cola terminó antes de tiempo.</translation>
    </message>
    <message>
        <location line="+62"/>
        <location line="+24"/>
        <source>Could not prepare writing to %1: %2.</source>
        <translation>No se pudo preparar la escritura en %1: %2.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Could not create a session in %1: %2.</source>
        <translation>No se pudo crear una sesión en %1: %2.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Could not create a session in %1: the database returned no session id.</source>
        <translation>No se pudo crear una sesión en %1: la base de datos no devolvió ningún identificador de sesión.</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>the process name just stored cannot be found again</source>
        <translation>no se vuelve a encontrar el nombre de proceso recién guardado</translation>
    </message>
</context>
<context>
    <name>TraceFile</name>
    <message>
        <location filename="../app/trace/tracefile.cpp" line="+72"/>
        <source>Cannot read the trace from standard input.</source>
        <translation>No se puede leer la traza de la entrada estándar.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The trace file %1 does not exist.</source>
        <translation>El archivo de traza %1 no existe.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 is a directory, not a trace file.</source>
        <translation>%1 es un directorio, no un archivo de traza.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cannot open the trace file %1: %2. Check that you may read it.</source>
        <translation>No se puede abrir el archivo de traza %1: %2. Compruebe que tiene permiso para leerlo.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Cannot decompress %1: zlib could not be initialised.</source>
        <translation>No se puede descomprimir %1: no se pudo inicializar zlib.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Reading the trace file %1 failed at byte %2: %3.</source>
        <translation>Falló la lectura del archivo de traza %1 en el byte %2: %3.</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>The trace file %1 is truncated: its gzip data ends at byte %2, before the end of the compressed stream. Was it copied completely?</source>
        <translation>El archivo de traza %1 está truncado: sus datos gzip terminan en el byte %2, antes del final del flujo comprimido. ¿Se copió completo?</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>The trace file %1 has unexpected data after its gzip data, at byte %2.</source>
        <translation>El archivo de traza %1 tiene datos inesperados tras sus datos gzip, en el byte %2.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>zlib error %1</source>
        <translation>error de zlib %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The trace file %1 is corrupt: its gzip data is damaged at byte %2 (%3).</source>
        <translation>El archivo de traza %1 está corrupto: sus datos gzip están dañados en el byte %2 (%3).</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>standard input</source>
        <translation>entrada estándar</translation>
    </message>
</context>
<context>
    <name>TraceImport</name>
    <message>
        <location filename="../app/import/traceimport.cpp" line="+48"/>
        <source>%1 is empty; give a trace recorded with memtapctl record.</source>
        <translation>%1 está vacío; indique una traza grabada con memtapctl record.</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>%1 holds the records that session %2 could not store, and session %3 holds them already: importing them again would store them twice.</source>
        <translation>%1 contiene los registros que la sesión %2 no pudo guardar, y la sesión %3 ya los contiene: importarlos de nuevo los guardaría dos veces.</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>the database holds %1 events and %2 baseline records, but the trace had %3 and %4; the import is incomplete.</source>
        <translation>la base de datos contiene %1 eventos y %2 registros de línea base, pero la traza tenía %3 y %4; la importación está incompleta.</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>... and %1 more malformed lines.</source>
        <translation>... y %1 líneas mal formadas más.</translation>
    </message>
</context>
<context>
    <name>TraceWriter</name>
    <message>
        <location filename="../app/trace/tracewriter.cpp" line="+222"/>
        <source>Writing the trace failed: %1</source>
        <translation>Falló la escritura de la traza: %1</translation>
    </message>
</context>
<context>
    <name>UnstoredRecordsFile</name>
    <message>
        <location filename="../app/storage/unstoredrecordsfile.cpp" line="+51"/>
        <location line="+7"/>
        <source>Could not create %1: %2.</source>
        <translation>No se pudo crear %1: %2.</translation>
    </message>
    <message>
        <location line="+28"/>
        <location line="+10"/>
        <source>Could not write %1: %2.</source>
        <translation>No se pudo escribir %1: %2.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="+22"/>
        <source>Shows live which processes request and release memory from the kernel.</source>
        <translation>Muestra en directo qué procesos piden y liberan memoria del núcleo.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>trace</source>
        <translation>traza</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A trace recorded with &quot;memtapctl record --output&quot; to import into the database of Settings, as File &gt; Import Trace does.</source>
        <translation>Una traza grabada con &quot;memtapctl record --output&quot; para importarla en la base de datos de la configuración, como hace Archivo &gt; Importar traza.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>[trace]</source>
        <translation>[traza]</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Give at most one trace to import.</source>
        <translation>Indique como mucho una traza para importar.</translation>
    </message>
</context>
<context>
    <name>memtap::AppController</name>
    <message>
        <location filename="../ui/appcontroller.cpp" line="+124"/>
        <source>The capture helper %1 is not installed; reinstall memtap (or build and install memtap-probe).</source>
        <translation>El asistente de captura %1 no está instalado; reinstale memtap (o compile e instale memtap-probe).</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>memtap does not run as root, and Settings say to start the capture helper without asking for a password; choose pkexec there.</source>
        <translation>memtap no se ejecuta como root y la configuración indica iniciar el asistente de captura sin pedir contraseña; elija pkexec allí.</translation>
    </message>
    <message>
        <location line="+35"/>
        <location line="+43"/>
        <source>The database in Settings is not usable (%1); correct it in Settings.</source>
        <translation>La base de datos de la configuración no se puede usar (%1); corríjala en la configuración.</translation>
    </message>
</context>
<context>
    <name>memtap::CaptureStatusBar</name>
    <message>
        <location filename="../ui/capturestatusbar.cpp" line="+14"/>
        <source>Tracer that captures the calls</source>
        <translation>Trazador que captura las llamadas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State of the capture</source>
        <translation>Estado de la captura</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Calls captured per second</source>
        <translation>Llamadas capturadas por segundo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Calls captured in this session</source>
        <translation>Llamadas capturadas en esta sesión</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Calls the tracer reported as lost because its buffers were full</source>
        <translation>Llamadas que el trazador notificó como perdidas porque sus búferes estaban llenos</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lines of the trace stream that could not be read</source>
        <translation>Líneas del flujo de traza que no se pudieron leer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where sessions are stored</source>
        <translation>Dónde se guardan las sesiones</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No tracer</source>
        <translation>Sin trazador</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Idle</source>
        <translation>Inactivo</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>%1 events/s</source>
        <translation>%1 eventos/s</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 events</source>
        <translation>%1 eventos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 dropped</source>
        <translation>%1 perdidos</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 malformed</source>
        <translation>%1 mal formadas</translation>
    </message>
</context>
<context>
    <name>memtap::CaptureWorker</name>
    <message>
        <location filename="../app/capture/captureworker.cpp" line="+288"/>
        <source>(further messages of the tracer are not shown)</source>
        <translation>(no se muestran más mensajes del trazador)</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>The capture helper has not stopped %1 seconds after the stop request; it runs as root, so memtap cannot end it: it ends when its tracer does (see &quot;ps -C memtap-probe&quot;).</source>
        <translation>El programa auxiliar de captura no se ha detenido %1 segundos después de la petición de parada; se ejecuta como root, así que memtap no puede terminarlo: terminará cuando lo haga su trazador (vea «ps -C memtap-probe»).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The capture helper has not stopped %1 seconds after the stop request: memtap asks it to terminate.</source>
        <translation>El programa auxiliar de captura no se ha detenido %1 segundos después de la petición de parada: memtap le pide que termine.</translation>
    </message>
</context>
<context>
    <name>memtap::ConnectionTester</name>
    <message>
        <location filename="../ui/connectiontester.cpp" line="+39"/>
        <source>No SQLite file is set; choose one or restore the default.</source>
        <translation>No hay ningún archivo SQLite configurado; elija uno o restaure el predeterminado.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>memtap cannot create %1 because %2 is not a folder; choose another place.</source>
        <translation>memtap no puede crear %1 porque %2 no es una carpeta; elija otro lugar.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>memtap cannot create %1 because %2 is not writable; choose another place.</source>
        <translation>memtap no puede crear %1 porque no se puede escribir en %2; elija otro lugar.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The file %1 does not exist yet; memtap will create it when it first stores a session.</source>
        <translation>El archivo %1 todavía no existe; memtap lo creará cuando guarde la primera sesión.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 is not a file; choose a file name.</source>
        <translation>%1 no es un archivo; elija un nombre de archivo.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>SQLite cannot open %1: %2.</source>
        <translation>SQLite no puede abrir %1: %2.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 is not a SQLite database (%2); choose another file.</source>
        <translation>%1 no es una base de datos SQLite (%2); elija otro archivo.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 is a SQLite database but not writable; check its permissions.</source>
        <translation>%1 es una base de datos SQLite, pero no se puede escribir en ella; revise sus permisos.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The SQLite database %1 opens and is writable.</source>
        <translation>La base de datos SQLite %1 se abre y se puede escribir en ella.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Qt&apos;s MySQL/MariaDB driver is not installed; install the package libqt6sql6-mysql.</source>
        <translation>El controlador MySQL/MariaDB de Qt no está instalado; instale el paquete libqt6sql6-mysql.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Host, user and database must all be filled in.</source>
        <translation>Hay que rellenar el equipo, el usuario y la base de datos.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Checking the server&apos;s host name needs Qt 6.5 or newer; choose &quot;Verify the certificate&quot; with a CA file instead.</source>
        <translation>Comprobar el nombre del servidor necesita Qt 6.5 o posterior; elija en su lugar «Verificar el certificado» con un archivo de CA.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The CA file %1 cannot be read; check the path.</source>
        <translation>No se puede leer el archivo de CA %1; revise la ruta.</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>the account may not use the database %1, or it does not exist; check the name or grant the account access</source>
        <translation>la cuenta no tiene permiso para usar la base de datos %1, o esta no existe; revise el nombre o conceda acceso a la cuenta</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the server refused the account without a password; enter the password</source>
        <translation>el servidor rechazó la cuenta sin contraseña; introduzca la contraseña</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the server refused the user name or password; check both</source>
        <translation>el servidor rechazó el nombre de usuario o la contraseña; revise ambos</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the database does not exist; create it (CREATE DATABASE %1) or choose another</source>
        <translation>la base de datos no existe; créela (CREATE DATABASE %1) o elija otra</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the TLS handshake failed; check that the server has TLS enabled and that the CA file signed its certificate</source>
        <translation>falló la negociación TLS; compruebe que el servidor tiene TLS activado y que el archivo de CA firmó su certificado</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>check that the server runs and that host and port are right</source>
        <translation>compruebe que el servidor está en marcha y que el equipo y el puerto son correctos</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Could not connect to %1: %2; %3.</source>
        <translation>No se pudo conectar a %1: %2; %3.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Connected to %1, but the connection is not encrypted although TLS is required; enable TLS on the server or turn the requirement off.</source>
        <translation>Conectado a %1, pero la conexión no está cifrada aunque se exige TLS; active TLS en el servidor o quite la exigencia.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Connected to %1 (server %2); the connection is not encrypted.</source>
        <translation>Conectado a %1 (servidor %2); la conexión no está cifrada.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Connected to %1 (server %2) over TLS (%3).</source>
        <translation>Conectado a %1 (servidor %2) mediante TLS (%3).</translation>
    </message>
</context>
<context>
    <name>memtap::EventStore</name>
    <message>
        <location filename="../app/storage/eventstore.cpp" line="+37"/>
        <source>This store already writes a session.</source>
        <translation>Este almacén ya está escribiendo una sesión.</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>The database did not take every record before the deadline.</source>
        <translation>La base de datos no recibió todos los registros antes del plazo.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Database unavailable since %1: %2 records kept in memory; they will be written when it is back.</source>
        <translation>Base de datos no disponible desde las %1: %2 registros guardados en memoria; se escribirán cuando vuelva.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Database unavailable since %1: %2 records kept in memory and %3 on disk; they will be written when it is back.</source>
        <translation>Base de datos no disponible desde las %1: %2 registros guardados en memoria y %3 en disco; se escribirán cuando vuelva.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The database is behind: %1 records wait in memory and %2 on disk.</source>
        <translation>La base de datos va con retraso: %1 registros esperan en memoria y %2 en disco.</translation>
    </message>
</context>
<context>
    <name>memtap::ExportCsvDialog</name>
    <message>
        <location filename="../ui/exportcsvdialog.cpp" line="+36"/>
        <source>&amp;Processes: one row per process, with its totals</source>
        <translation>&amp;Procesos: una fila por proceso, con sus totales</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Requests: one row per call</source>
        <translation>&amp;Solicitudes: una fila por llamada</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+74"/>
        <source>Export CSV</source>
        <translation>Exportar CSV</translation>
    </message>
    <message>
        <location line="-67"/>
        <source>&amp;Browse…</source>
        <translation>&amp;Examinar…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>&amp;Export</source>
        <translation>&amp;Exportar</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>What to export from session %1:</source>
        <translation>Qué exportar de la sesión %1:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;File:</source>
        <translation>&amp;Archivo:</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Archivos CSV (*.csv);;Todos los archivos (*)</translation>
    </message>
</context>
<context>
    <name>memtap::IngestPipeline</name>
    <message>
        <location filename="../app/storage/ingestpipeline.cpp" line="+108"/>
        <source>The database stopped taking records.</source>
        <translation>La base de datos dejó de aceptar registros.</translation>
    </message>
</context>
<context>
    <name>memtap::LiveCapture</name>
    <message>
        <location filename="../app/live/livecapture.cpp" line="+179"/>
        <source>the database holds %1 events and %2 baseline records, but the capture had %3 and %4</source>
        <translation>la base de datos contiene %1 eventos y %2 registros de línea base, pero la captura tenía %3 y %4</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The capture was not stored completely in %1 (%2); what is missing there is lost.</source>
        <translation>La captura no se guardó completa en %1 (%2); lo que falta allí se ha perdido.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The capture was not stored completely in %1: %2</source>
        <translation>La captura no se guardó completa en %1: %2</translation>
    </message>
</context>
<context>
    <name>memtap::LiveIngest</name>
    <message>
        <location filename="../app/live/liveingest.cpp" line="+114"/>
        <location line="+15"/>
        <source>Events stored: %1</source>
        <translation>Eventos guardados: %1</translation>
    </message>
</context>
<context>
    <name>memtap::LiveMappingsModel</name>
    <message>
        <location filename="../app/models/livemappingsmodel.cpp" line="+110"/>
        <source>Address range</source>
        <translation>Rango de direcciones</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Size</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Protection</source>
        <translation>Protección</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Flags</source>
        <translation>Indicadores</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>File</source>
        <translation>Archivo</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+3"/>
        <source>[anonymous]</source>
        <translation>[anónima]</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>fd %1</source>
        <translation>fd %1</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>%1 at offset %2</source>
        <translation>%1 en el desplazamiento %2</translation>
    </message>
</context>
<context>
    <name>memtap::MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.cpp" line="+67"/>
        <source>memtap</source>
        <translation>memtap</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Live capture is not connected in this build of memtap.</source>
        <translation>La captura en directo no está conectada en esta compilación de memtap.</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Processes</source>
        <translation>Procesos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Requests</source>
        <translation>Peticiones</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Memory Share</source>
        <translation>Reparto de memoria</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Process Detail</source>
        <translation>Detalle del proceso</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Open Session…</source>
        <translation>&amp;Abrir sesión…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&amp;Export CSV…</source>
        <translation>&amp;Exportar CSV…</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>Show a stored capture session in every view</source>
        <translation>Mostrar una sesión de captura guardada en todas las vistas</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Import Trace…</source>
        <translation>&amp;Importar traza…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Store a trace recorded with memtapctl record (or the records a capture could not store) as a new session and show it</source>
        <translation>Guardar como una sesión nueva una traza grabada con memtapctl record (o los registros que una captura no pudo guardar) y mostrarla</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Open a session or start a capture to export it</source>
        <translation>Abra una sesión o inicie una captura para exportarla</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Start</source>
        <translation>&amp;Iniciar</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Start tracing every process&apos;s memory requests (asks for the administrator password)</source>
        <translation>Empezar a trazar las peticiones de memoria de todos los procesos (pide la contraseña de administrador)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>S&amp;top</source>
        <translation>&amp;Detener</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stop the capture; everything captured so far is kept</source>
        <translation>Detener la captura; se conserva todo lo capturado hasta ahora</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stop &amp;Waiting for the Database</source>
        <translation>Dejar de &amp;esperar a la base de datos</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save the records the database has not taken to a file that &quot;memtapctl import&quot; can store later</source>
        <translation>Guardar los registros que la base de datos no ha aceptado en un archivo que &quot;memtapctl import&quot; puede almacenar más tarde</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Automatic</source>
        <translation>&amp;Automático</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;SystemTap</source>
        <translation>&amp;SystemTap</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;bpftrace</source>
        <translation>&amp;bpftrace</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>SystemTap where it can run, bpftrace otherwise</source>
        <translation>SystemTap donde pueda ejecutarse; si no, bpftrace</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Configure memtap…</source>
        <translation>&amp;Configurar memtap…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Restore Default Layout</source>
        <translation>&amp;Restaurar la disposición predeterminada</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;About memtap</source>
        <translation>&amp;Acerca de memtap</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>About &amp;Qt</source>
        <translation>Acerca de &amp;Qt</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Capture</source>
        <translation>&amp;Captura</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Tracer</source>
        <translation>Trazador</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Settings</source>
        <translation>&amp;Preferencias</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>MySQL %1</source>
        <translation>MySQL %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SQLite %1</source>
        <translation>SQLite %1</translation>
    </message>
    <message>
        <location line="+106"/>
        <source>Write the processes or the requests of session %1 as CSV</source>
        <translation>Escribir los procesos o las solicitudes de la sesión %1 como CSV</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Session %1 – memtap</source>
        <translation>Sesión %1 – memtap</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Idle</source>
        <translation>Inactivo</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Starting…</source>
        <translation>Iniciando…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Waiting for authorization…</source>
        <translation>Esperando la autorización…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Capturing</source>
        <translation>Capturando</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stopping…</source>
        <translation>Deteniendo…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stopped</source>
        <translation>Detenida</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Failed</source>
        <translation>Fallida</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Start capturing (%1)</source>
        <translation>Empezar a capturar (%1)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No tracer</source>
        <translation>Sin trazador</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Capture Failed</source>
        <translation>Falló la captura</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Quit memtap?</source>
        <translation>¿Salir de memtap?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The database has not taken all records of the capture yet. If you quit now, memtap saves them to a file in %1 that &quot;memtapctl import&quot; can store later.</source>
        <translation>La base de datos aún no ha aceptado todos los registros de la captura. Si sale ahora, memtap los guarda en un archivo en %1 que &quot;memtapctl import&quot; puede almacenar más tarde.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Save to File and Quit</source>
        <translation>&amp;Guardar en un archivo y salir</translation>
    </message>
    <message>
        <location line="+106"/>
        <location line="+146"/>
        <source>The database in Settings is not usable: %1</source>
        <translation>La base de datos de la configuración no se puede usar: %1</translation>
    </message>
    <message numerus="yes">
        <location line="-127"/>
        <source>All %n process(es) of the session.</source>
        <translation>
            <numerusform>El %n proceso de la sesión.</numerusform>
            <numerusform>Los %n procesos de la sesión.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The processes the Processes view shows for “%1”.</source>
        <translation>Los procesos que la vista Procesos muestra para «%1».</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>PID %1</source>
        <translation>PID %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>name contains “%1”</source>
        <translation>el nombre contiene «%1»</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>call %1</source>
        <translation>llamada %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every call of the session.</source>
        <translation>Todas las llamadas de la sesión.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The calls the Requests view shows: %1.</source>
        <translation>Las llamadas que muestra la vista Solicitudes: %1.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Exporting session %1 to %2…</source>
        <translation>Exportando la sesión %1 a %2…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>Events stored: %1</source>
        <translation>Eventos guardados: %1</translation>
    </message>
    <message>
        <location line="-100"/>
        <source>Export CSV</source>
        <translation>Exportar CSV</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Export cancelled; %1 was not written.</source>
        <translation>Exportación cancelada; no se escribió %1.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export Failed</source>
        <translation>Falló la exportación</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>Wrote %n row(s) to %1.</source>
        <translation>
            <numerusform>Se escribió %n fila en %1.</numerusform>
            <numerusform>Se escribieron %n filas en %1.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+28"/>
        <location line="+56"/>
        <location line="+28"/>
        <source>Import Trace</source>
        <translation>Importar traza</translation>
    </message>
    <message>
        <location line="-110"/>
        <source>memtap traces (*.v1 *.v1.gz *.gz);;All files (*)</source>
        <translation>Trazas de memtap (*.v1 *.v1.gz *.gz);;Todos los archivos (*)</translation>
    </message>
    <message>
        <location line="+26"/>
        <location line="+5"/>
        <source>Importing %1…</source>
        <translation>Importando %1…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Retrying; Cancel stops the import and gives up on what the database has not taken.</source>
        <translation>Reintentando; Cancelar detiene la importación y renuncia a lo que la base de datos no ha aceptado.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Stopping the import…</source>
        <translation>Deteniendo la importación…</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Import them all the same?</source>
        <translation>¿Importarlos de todos modos?</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+37"/>
        <source>Import Failed</source>
        <translation>Falló la importación</translation>
    </message>
    <message>
        <location line="-30"/>
        <source>File &gt; Open Session shows it.</source>
        <translation>Archivo &gt; Abrir sesión la muestra.</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Imported %Ln event(s) of %1 into session %2.</source>
        <translation>
            <numerusform>Se importó %Ln evento de %1 en la sesión %2.</numerusform>
            <numerusform>Se importaron %Ln eventos de %1 en la sesión %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>%Ln malformed line(s) were left out.</source>
        <translation>
            <numerusform>Se omitió %Ln línea mal formada.</numerusform>
            <numerusform>Se omitieron %Ln líneas mal formadas.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Import cancelled before anything was stored.</source>
        <translation>Importación cancelada antes de guardar nada.</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Import cancelled; session %1 keeps the %Ln event(s) read before.</source>
        <translation>
            <numerusform>Importación cancelada; la sesión %1 conserva el %Ln evento leído antes.</numerusform>
            <numerusform>Importación cancelada; la sesión %1 conserva los %Ln eventos leídos antes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>Session %1 keeps the %Ln event(s) stored before the error.</source>
        <translation>
            <numerusform>La sesión %1 conserva el %Ln evento guardado antes del error.</numerusform>
            <numerusform>La sesión %1 conserva los %Ln eventos guardados antes del error.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+11"/>
        <source>About memtap</source>
        <translation>Acerca de memtap</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;h3&gt;memtap %1&lt;/h3&gt;&lt;p&gt;Shows live which processes request and release memory from the kernel: every mmap, munmap, mremap and brk of every process, traced with SystemTap or bpftrace and stored in SQLite or MySQL/MariaDB.&lt;/p&gt;&lt;p&gt;License: GNU General Public License, version 2 or later.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;memtap %1&lt;/h3&gt;&lt;p&gt;Muestra en directo qué procesos piden y liberan memoria del núcleo: cada mmap, munmap, mremap y brk de cada proceso, trazados con SystemTap o bpftrace y guardados en SQLite o MySQL/MariaDB.&lt;/p&gt;&lt;p&gt;Licencia: Licencia Pública General de GNU, versión 2 o posterior.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>memtap::OpenSessionDialog</name>
    <message>
        <location filename="../ui/opensessiondialog.cpp" line="+28"/>
        <source>Open Session</source>
        <translation>Abrir sesión</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Reading the sessions in %1…</source>
        <translation>Leyendo las sesiones de %1…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>There are no sessions in %1 yet: start a capture, or import a trace with memtapctl import.</source>
        <translation>Todavía no hay sesiones en %1: inicie una captura o importe una traza con memtapctl import.</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n session(s) in %1. Choose one to show it in every view.</source>
        <translation>
            <numerusform>%n sesión en %1. Elíjala para mostrarla en todas las vistas.</numerusform>
            <numerusform>%n sesiones en %1. Elija una para mostrarla en todas las vistas.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>memtap::PasswordDialog</name>
    <message>
        <location filename="../ui/passworddialog.cpp" line="+17"/>
        <source>&amp;Remember in the keychain</source>
        <translation>&amp;Recordar en el llavero</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Database Password</source>
        <translation>Contraseña de la base de datos</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>memtap stores its sessions on the MySQL/MariaDB server &lt;b&gt;%1&lt;/b&gt;. Enter the password of this account.</source>
        <translation>memtap guarda sus sesiones en el servidor MySQL/MariaDB &lt;b&gt;%1&lt;/b&gt;. Introduzca la contraseña de esta cuenta.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Password:</source>
        <translation>&amp;Contraseña:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 The password is kept in memory until memtap quits and asked for again at the next start.</source>
        <translation>%1 La contraseña se conserva en memoria hasta que memtap se cierre y se volverá a pedir en el próximo inicio.</translation>
    </message>
</context>
<context>
    <name>memtap::PasswordKeeper</name>
    <message>
        <location filename="../ui/passwordkeeper.cpp" line="+15"/>
        <source>No keychain service (Secret Service or KWallet) is running.</source>
        <translation>No hay ningún servicio de llavero (Secret Service o KWallet) en ejecución.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The keychain refused access.</source>
        <translation>El llavero denegó el acceso.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The keychain failed: %1</source>
        <translation>Falló el llavero: %1</translation>
    </message>
</context>
<context>
    <name>memtap::ProcessDetailView</name>
    <message>
        <location filename="../ui/processdetailview.cpp" line="+112"/>
        <source>Live mapped bytes</source>
        <translation>Bytes mapeados vivos</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Seconds since the capture started</source>
        <translation>Segundos desde el inicio de la captura</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Select a process to see its live mappings and how its live memory changed over time.</source>
        <translation>Seleccione un proceso para ver sus mapeos vivos y cómo ha cambiado su memoria viva con el tiempo.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Rebuilding the live mappings at the end of this session from its stored records; this happens once per opened session.</source>
        <translation>Reconstruyendo los mapeos vivos al final de esta sesión a partir de sus registros guardados; esto ocurre una vez por cada sesión abierta.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 of %2 records</source>
        <translation>%1 de %2 registros</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>&lt;b&gt;%1&lt;/b&gt; (PID %2): %3 live, ranges: %4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (PID %2): %3 vivos, rangos: %4</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>anonymous %1, file-backed %2; private %3, shared %4</source>
        <translation>anónima %1, respaldada por archivos %2; privada %3, compartida %4</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>exited</source>
        <translation>terminado</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not exact: no baseline yet</source>
        <translation>no exacto: aún no hay línea base</translation>
    </message>
</context>
<context>
    <name>memtap::ProcessModel</name>
    <message>
        <location filename="../app/models/processmodel.cpp" line="+57"/>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>User</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>mmap calls</source>
        <translation>Llamadas mmap</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>munmap calls</source>
        <translation>Llamadas munmap</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Requested</source>
        <translation>Solicitado</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Released</source>
        <translation>Liberado</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Net</source>
        <translation>Neto</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Live mapped</source>
        <translation>Mapeado vivo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>% of RAM</source>
        <translation>% de la RAM</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>First seen</source>
        <translation>Visto por primera vez</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last seen</source>
        <translation>Visto por última vez</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Process ID</source>
        <translation>Identificador del proceso</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Process name (comm) as of its last exec</source>
        <translation>Nombre del proceso (comm) según su último exec</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>User the process runs as</source>
        <translation>Usuario con el que se ejecuta el proceso</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>mmap calls, including failed ones</source>
        <translation>Llamadas a mmap, incluidas las fallidas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>munmap calls, including failed ones</source>
        <translation>Llamadas a munmap, incluidas las fallidas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Bytes requested by successful mmap calls, mremap growth and brk growth</source>
        <translation>Bytes solicitados por las llamadas a mmap con éxito, el crecimiento con mremap y el crecimiento con brk</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Bytes released by successful munmap calls, mremap shrinkage and brk shrinkage</source>
        <translation>Bytes liberados por las llamadas a munmap con éxito, la reducción con mremap y la reducción con brk</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Requested minus released, never below zero, as the original tool computed it: the naive figure, which drifts with partial unmaps, MAP_FIXED, mremap and exit</source>
        <translation>Solicitado menos liberado, nunca por debajo de cero, como lo calculaba la herramienta original: la cifra ingenua, que se desvía con las liberaciones parciales, MAP_FIXED, mremap y la salida del proceso</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Exact size of the address ranges the process has mapped now (without [stack], [vdso], [vvar] and [vsyscall])</source>
        <translation>Tamaño exacto de los rangos de direcciones que el proceso tiene mapeados ahora (sin [stack], [vdso], [vvar] ni [vsyscall])</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Live mapped bytes as a share of the system&apos;s RAM (MemTotal). Mapped address space is not resident memory: a process that reserves more than it uses (PROT_NONE or MAP_NORESERVE regions, sanitizer shadow memory) can show far more than 100 %</source>
        <translation>Bytes mapeados vivos como parte de la RAM del sistema (MemTotal). El espacio de direcciones mapeado no es memoria residente: un proceso que reserva más de lo que usa (regiones PROT_NONE o MAP_NORESERVE, memoria sombra de un sanitizer) puede mostrar mucho más del 100 %</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>When memtap first saw the process</source>
        <translation>Cuándo vio memtap el proceso por primera vez</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>When memtap last saw the process make a call, or when it exited</source>
        <translation>Cuándo vio memtap al proceso hacer una llamada por última vez, o cuándo terminó</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>%1 (exited)</source>
        <translation>%1 (terminado)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>≥ %1</source>
        <translation>≥ %1</translation>
    </message>
    <message>
        <location line="+89"/>
        <source>PID %1, parent %2</source>
        <translation>PID %1, padre %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Command line: %1</source>
        <translation>Línea de órdenes: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Exited at %1</source>
        <translation>Terminó a las %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>User ID %1</source>
        <translation>Identificador de usuario %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>mmap %1, munmap %2, mremap %3, brk %4; %5 failed</source>
        <translation>mmap %1, munmap %2, mremap %3, brk %4; %5 fallidas</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Anonymous %1, file-backed %2
Private %3, shared %4</source>
        <translation>Anónima %1, respaldada por archivos %2
Privada %3, compartida %4</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not exact: the process existed before its first baseline, so only the ranges seen being mapped are counted.</source>
        <translation>No exacto: el proceso ya existía antes de su primera línea base, así que solo se cuentan los rangos que se vieron mapear.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The system&apos;s RAM size is not known for this session.</source>
        <translation>No se conoce el tamaño de la RAM del sistema para esta sesión.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 of %2 RAM</source>
        <translation>%1 de %2 de RAM</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>%1 ns after the first process was seen</source>
        <translation>%1 ns después de ver el primer proceso</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>+%1 s</source>
        <translation>+%1 s</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>unknown</source>
        <translation>desconocido</translation>
    </message>
</context>
<context>
    <name>memtap::ProcessView</name>
    <message>
        <location filename="../ui/processview.cpp" line="+30"/>
        <source>Filter by name or PID</source>
        <translation>Filtrar por nombre o PID</translation>
    </message>
    <message>
        <location line="+138"/>
        <source>Columns</source>
        <translation>Columnas</translation>
    </message>
</context>
<context>
    <name>memtap::RequestLogModel</name>
    <message>
        <location filename="../app/models/requestlogmodel.cpp" line="+333"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>anonymous</source>
        <translation>anónima</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>fd %1</source>
        <translation>fd %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>child %1</source>
        <translation>hijo %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>killed by SIG%1</source>
        <translation>terminado por SIG%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>exit %1</source>
        <translation>salida %1</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>loading…</source>
        <translation>cargando…</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Failed: %1 (%2)</source>
        <translation>Falló: %1 (%2)</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Call</source>
        <translation>Llamada</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Size (bytes)</source>
        <translation>Tamaño (bytes)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Size (MiB)</source>
        <translation>Tamaño (MiB)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Protection</source>
        <translation>Protección</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Flags</source>
        <translation>Opciones</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>File</source>
        <translation>Archivo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>When the call returned, in local time</source>
        <translation>Cuándo volvió la llamada, en hora local</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The address the call was given (for mmap, the hint)</source>
        <translation>La dirección que recibió la llamada (en mmap, la sugerencia)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What an mmap maps: anonymous memory or a file descriptor</source>
        <translation>Qué proyecta un mmap: memoria anónima o un descriptor de archivo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What the call returned: the mapped address, the new break, the child&apos;s PID, the exit status, or the error</source>
        <translation>Qué devolvió la llamada: la dirección proyectada, el nuevo break, el PID del hijo, el estado de salida o el error</translation>
    </message>
</context>
<context>
    <name>memtap::RequestLogView</name>
    <message>
        <location filename="../ui/requestlogview.cpp" line="+34"/>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Show only the calls of this process ID</source>
        <translation>Mostrar solo las llamadas de este identificador de proceso</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Process name</source>
        <translation>Nombre del proceso</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show only the calls of processes whose name contains this text</source>
        <translation>Mostrar solo las llamadas de los procesos cuyo nombre contiene este texto</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>All calls</source>
        <translation>Todas las llamadas</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Show only calls of this kind</source>
        <translation>Mostrar solo las llamadas de este tipo</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Follow</source>
        <translation>&amp;Seguir</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+125"/>
        <source>Keep the newest call in view while capturing</source>
        <translation>Mantener visible la llamada más reciente durante la captura</translation>
    </message>
    <message>
        <location line="-81"/>
        <source>Start a capture, or open a stored session with File &gt; Open Session, to see every call.</source>
        <translation>Inicie una captura o abra una sesión guardada con Archivo &gt; Abrir sesión para ver cada llamada.</translation>
    </message>
    <message>
        <location line="+82"/>
        <source>Follow is available while the session is being captured</source>
        <translation>Seguir está disponible mientras se captura la sesión</translation>
    </message>
</context>
<context>
    <name>memtap::SessionListModel</name>
    <message>
        <location filename="../app/models/sessionlistmodel.cpp" line="+39"/>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>%1 (interrupted)</source>
        <translation>%1 (interrumpida)</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>%1 (recording)</source>
        <translation>%1 (grabando)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Imported from %1</source>
        <translation>Importada de %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recorded on %1 (kernel %2)</source>
        <translation>Grabada en %1 (núcleo %2)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Ended: %1</source>
        <translation>Terminó: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Interrupted: nothing has written to it since %1. memtap was closed without ending it (killed, crashed, or the machine stopped), or its writer cannot reach the database.</source>
        <translation>Interrumpida: nada ha escrito en ella desde %1. memtap se cerró sin terminarla (lo mataron, falló o la máquina se detuvo), o su escritor no puede llegar a la base de datos.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The records the database had not taken when session %1 stopped writing</source>
        <translation>Los registros que la base de datos no había recibido cuando la sesión %1 dejó de escribir</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The records the database had not taken when writing stopped are in session %1</source>
        <translation>Los registros que la base de datos no había recibido cuando se dejó de escribir están en la sesión %1</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n malformed line(s) skipped</source>
        <translation>
            <numerusform>%n línea malformada omitida</numerusform>
            <numerusform>%n líneas malformadas omitidas</numerusform>
        </translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Session</source>
        <translation>Sesión</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Host</source>
        <translation>Equipo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tracer</source>
        <translation>Trazador</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Started</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Duration</source>
        <translation>Duración</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Events</source>
        <translation>Eventos</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dropped</source>
        <translation>Perdidos</translation>
    </message>
</context>
<context>
    <name>memtap::SessionLoader</name>
    <message>
        <location filename="../app/live/sessionloader.cpp" line="+41"/>
        <source>Session %1 does not exist in %2; choose another one in File &gt; Open Session.</source>
        <translation>La sesión %1 no existe en %2; elija otra en Archivo &gt; Abrir sesión.</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>No session is loaded.</source>
        <translation>No hay ninguna sesión cargada.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>The session&apos;s events end early, at %1 of %2.</source>
        <translation>Los eventos de la sesión terminan antes de tiempo, en %1 de %2.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Cancelled.</source>
        <translation>Cancelado.</translation>
    </message>
</context>
<context>
    <name>memtap::SettingsDialog</name>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="+23"/>
        <source>Off</source>
        <translation>Desactivado</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Required (certificate not checked)</source>
        <translation>Obligatorio (sin comprobar el certificado)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Verify the certificate</source>
        <translation>Verificar el certificado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verify the certificate and host name</source>
        <translation>Verificar el certificado y el nombre del servidor</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Needs Qt 6.5 or newer</source>
        <translation>Necesita Qt 6.5 o posterior</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Automatic (SystemTap where it can run, otherwise bpftrace)</source>
        <translation>Automático (SystemTap donde pueda ejecutarse; si no, bpftrace)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>pkexec (asks for the administrator password)</source>
        <translation>pkexec (pide la contraseña de administrador)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sudo -n (never asks; needs sudo without a password)</source>
        <translation>sudo -n (nunca pregunta; necesita sudo sin contraseña)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>None (memtap itself runs as root)</source>
        <translation>Ninguna (memtap ya se ejecuta como root)</translation>
    </message>
    <message>
        <location line="+89"/>
        <source>A password is known for this account; type a new one to replace it.</source>
        <translation>Ya se conoce una contraseña para esta cuenta; escriba una nueva para sustituirla.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 A password typed here is kept until memtap quits.</source>
        <translation>%1 La contraseña que escriba aquí se conserva hasta que memtap se cierre.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>SQLite Database</source>
        <translation>Base de datos SQLite</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SQLite databases (*.sqlite *.db);;All files (*)</source>
        <translation>Bases de datos SQLite (*.sqlite *.db);;Todos los archivos (*)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Certificate Authority</source>
        <translation>Autoridad de certificación</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificates (*.pem *.crt);;All files (*)</source>
        <translation>Certificados (*.pem *.crt);;Todos los archivos (*)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Testing…</source>
        <translation>Probando…</translation>
    </message>
</context>
<context>
    <name>memtap::ShareChartView</name>
    <message>
        <location filename="../ui/sharechartview.cpp" line="+78"/>
        <source>%1
%2 requested (%3)</source>
        <translation>%1
%2 solicitados (%3)</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Other (%1 processes)</source>
        <translation>Otros (%1 procesos)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 (PID %2)</source>
        <translation>%1 (PID %2)</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>Other</source>
        <translation>Otros</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>No memory requested yet</source>
        <translation>Aún no se ha solicitado memoria</translation>
    </message>
</context>
<context>
    <name>memtap::ShareModel</name>
    <message>
        <location filename="../app/models/sharemodel.cpp" line="+151"/>
        <source>Process</source>
        <translation>Proceso</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Requested</source>
        <translation>Solicitado</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Share</source>
        <translation>Parte</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Other (%1 processes)</source>
        <translation>Otros (%1 procesos)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>memtapctl</name>
    <message>
        <location filename="../app/ctl/main.cpp" line="+33"/>
        <source>Usage: memtapctl &lt;command&gt; [options]</source>
        <translation>Uso: memtapctl &lt;orden&gt; [opciones]</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Commands:</source>
        <translation>Órdenes:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Run &quot;memtapctl &lt;command&gt; --help&quot; for its options.</source>
        <translation>Ejecute «memtapctl &lt;orden&gt; --help» para ver sus opciones.</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>memtapctl: unknown command &quot;%1&quot;</source>
        <translation>memtapctl: orden desconocida «%1»</translation>
    </message>
</context>
</TS>
