{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Vos codes de secours]]</h1>
<p class="notice" role="status">[[La double authentification est active.]]</p>
<p>[[Si vous perdez votre téléphone, chacun de ces codes remplace une fois le code de l'application. Notez-les ou imprimez-les et rangez-les en lieu sûr : ils ne seront plus affichés.]]</p>
<ul class="codes">
{{#RECOVERY}}<li><code>{{CODE}}</code></li>
{{/RECOVERY}}</ul>
<p class="actions"><a class="button" href="{{NEXT}}">[[Continuer]]</a></p>
{{>FOOTER}}
